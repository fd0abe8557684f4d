package io.repflow.data.video;

import java.nio.file.Path;

/** A video that cannot be used, with the file and the reason. Loaders decide by {@link #kind()} what to do. */
public class VideoException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a video cannot be used. */
    public enum Kind {
        /** The file does not exist. */
        MISSING,
        /** The file exists but cannot be read. */
        UNREADABLE,
        /** The file has zero bytes. */
        EMPTY,
        /** The file name does not end in a video extension this reader accepts. */
        UNSUPPORTED_EXTENSION,
        /** FFmpeg recognises no container in the file (e.g. a text file). */
        NOT_A_VIDEO,
        /** The container holds no video stream, or no decoder for it is built into the FFmpeg preset. */
        NO_VIDEO_STREAM,
        /** The container or the stream is damaged or truncated. */
        CORRUPT,
        /** The video has fewer frames than a clip needs. */
        TOO_SHORT
    }

    private final transient Path path;
    private final Kind kind;

    public VideoException(Path path, Kind kind, String message) {
        super(path + ": " + message);
        this.path = path;
        this.kind = kind;
    }

    public VideoException(Path path, Kind kind, String message, Throwable cause) {
        super(path + ": " + message, cause);
        this.path = path;
        this.kind = kind;
    }

    public Path path() {
        return path;
    }

    public Kind kind() {
        return kind;
    }
}
