package io.repflow.cli;

import io.repflow.models.checkpoint.Checkpoint;
import io.repflow.models.checkpoint.CheckpointStore;
import io.repflow.models.spi.CompiledModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the checkpoint a user means: a checkpoint directory, or a run directory's latest. */
public final class Checkpoints {

    private Checkpoints() {}

    public static Path resolve(Path given) throws IOException {
        if (!Files.exists(given)) {
            throw new UsageException("checkpoint " + given + " does not exist");
        }
        if (Files.exists(given.resolve(CheckpointStore.MANIFEST))) {
            return given;
        }
        return new CheckpointStore(given, 1)
                .latest()
                .orElseThrow(() -> new UsageException(given + " is neither a checkpoint (no " + CheckpointStore.MANIFEST
                        + ") nor a run directory with a '" + CheckpointStore.LATEST + "' checkpoint"));
    }

    public static Checkpoint load(Path given) throws IOException {
        return CheckpointStore.load(resolve(given));
    }

    /**
     * {@link Checkpoint#restore} into {@code net}; weights it refuses (not finite, a flow scalar out of its domain)
     * are a one-line error naming the checkpoint directory {@code dir}.
     */
    public static void restore(Checkpoint checkpoint, Path dir, CompiledModel net) {
        try {
            checkpoint.restore(net);
        } catch (IllegalArgumentException e) {
            throw new UsageException("checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }
}
