package io.repflow.api;

import java.io.IOException;
import java.nio.file.Path;

/** A {@code .npy} file that cannot be read as a float tensor; the message names the file and the fault. */
public final class NpyFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public NpyFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
