package io.repflow.data.dataset;

import java.nio.file.Path;

/**
 * A dataset description that cannot be used: names the file and, for a bad entry, its 1-based line, as
 * {@code file:line: message} (the form editors and terminals link to).
 */
public class DatasetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;

    /** A problem with a whole file or folder. */
    public DatasetException(Path file, String message) {
        this(file, 0, message, null);
    }

    /** A problem with one line of a file (1-based). */
    public DatasetException(Path file, int line, String message) {
        this(file, line, message, null);
    }

    public DatasetException(Path file, int line, String message, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message, cause);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    /** 1-based line of the bad entry, 0 when the problem is not tied to a line. */
    public int line() {
        return line;
    }
}
