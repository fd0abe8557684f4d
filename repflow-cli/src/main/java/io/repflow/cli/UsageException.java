package io.repflow.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Bad usage or input: reported as one line with exit code 2. */
public final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Checks that {@code file} is a regular file; otherwise the one-line error says which of "does not exist",
     * "is a directory" or "is not a regular file" holds, with {@code label} (e.g. {@code "video"}, {@code
     * "--class-names"}) in front and {@code hint} (may be empty) after it.
     */
    public static void requireRegularFile(String label, Path file, String hint) {
        if (Files.isRegularFile(file)) {
            return;
        }
        String why = !Files.exists(file)
                ? "does not exist"
                : Files.isDirectory(file) ? "is a directory, not a file" : "is not a regular file";
        throw new UsageException(label + " " + file + " " + why + (hint.isEmpty() ? "" : " (" + hint + ")"));
    }
}
