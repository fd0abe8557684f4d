package io.repflow.data.video;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** Which file names count as videos, and the checks made before FFmpeg sees a file. */
public final class VideoFiles {

    /** Extensions (lower case, without dot) the readers accept. */
    public static final Set<String> EXTENSIONS = Set.of("avi", "mp4", "m4v", "mov", "mkv", "webm", "mpg", "mpeg");

    private VideoFiles() {}

    /** True when the file name ends in one of {@link #EXTENSIONS} (any case). */
    public static boolean isVideoName(Path path) {
        String ext = extension(path);
        return ext != null && EXTENSIONS.contains(ext);
    }

    static String extension(Path path) {
        Path name = path.getFileName();
        if (name == null) {
            return null;
        }
        String s = name.toString();
        int dot = s.lastIndexOf('.');
        return dot < 0 ? null : s.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** Throws a {@link VideoException} of the right kind for a missing, unreadable, empty or misnamed file. */
    static void checkFile(Path path) {
        if (!isVideoName(path)) {
            String ext = extension(path);
            throw new VideoException(
                    path,
                    VideoException.Kind.UNSUPPORTED_EXTENSION,
                    (ext == null ? "has no extension" : "has the extension '." + ext + "'") + "; expected one of "
                            + String.join(
                                    ", ",
                                    EXTENSIONS.stream()
                                            .sorted()
                                            .map(e -> "." + e)
                                            .toList()));
        }
        if (!Files.exists(path)) {
            throw new VideoException(path, VideoException.Kind.MISSING, "no such file");
        }
        if (!Files.isRegularFile(path)) {
            throw new VideoException(path, VideoException.Kind.UNREADABLE, "is not a regular file");
        }
        if (!Files.isReadable(path)) {
            throw new VideoException(path, VideoException.Kind.UNREADABLE, "is not readable (permission denied)");
        }
        try {
            if (Files.size(path) == 0) {
                throw new VideoException(path, VideoException.Kind.EMPTY, "is empty (0 bytes)");
            }
        } catch (java.io.IOException e) {
            throw new VideoException(path, VideoException.Kind.UNREADABLE, "cannot be read: " + e, e);
        }
    }
}
