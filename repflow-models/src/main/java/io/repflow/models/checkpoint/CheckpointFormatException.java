package io.repflow.models.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint file that cannot be read; the message names the file and the fault. */
public final class CheckpointFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public CheckpointFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
