package io.repflow.data.synthetic;

import io.repflow.data.video.VideoCodec;
import io.repflow.data.video.VideoWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes {@link SyntheticMotion} clips as real video files, so the whole decode path can run on them:
 * {@code <dir>/<class>/<class>_<index>.<ext>}, a list file {@code <dir>/list.txt} with lines
 * {@code <class>/<file> <label>} (the {@code path label} layout) and {@code <dir>/classes.txt} with one class
 * name per line in label order.
 */
public final class SyntheticVideos {

    /** Name of the list file written next to the class folders. */
    public static final String LIST_FILE = "list.txt";
    /** Name of the class-name file written next to the class folders. */
    public static final String CLASSES_FILE = "classes.txt";

    private SyntheticVideos() {}

    /**
     * Writes clips {@code first .. first+count-1} of {@code data} at {@code fps} frames per second and returns
     * the list file. Each file is written atomically; so are the list and class files, after all videos.
     */
    public static Path write(SyntheticMotion data, Path dir, long first, int count, VideoCodec codec, int fps) {
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive but is " + count);
        }
        if (data.width() % 2 != 0 || data.height() % 2 != 0) {
            throw new IllegalArgumentException(
                    "video frames must have even sizes but the data is " + data.height() + "x" + data.width());
        }
        StringBuilder list = new StringBuilder();
        for (long i = first; i < first + count; i++) {
            int label = data.label(i);
            String cls = data.classes().get(label).id();
            String rel = cls + "/" + cls + "_" + String.format("%06d", i) + "." + codec.extension();
            try (VideoWriter writer = VideoWriter.open(dir.resolve(rel), codec, data.width(), data.height(), fps, 1)) {
                writer.write(data.render(i));
            }
            list.append(rel).append(' ').append(label).append('\n');
        }
        writeAtomically(dir.resolve(CLASSES_FILE), String.join("\n", data.classNames()) + "\n");
        Path listFile = dir.resolve(LIST_FILE);
        writeAtomically(listFile, list.toString());
        return listFile;
    }

    static void writeAtomically(Path file, String text) {
        try {
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".part");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Class names of a folder written by {@link #write}, in label order. */
    public static List<String> readClasses(Path dir) {
        try {
            return Files.readAllLines(dir.resolve(CLASSES_FILE), StandardCharsets.UTF_8).stream()
                    .filter(s -> !s.isBlank())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(CLASSES_FILE), e);
        }
    }
}
