package io.repflow.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Which checkpoint a scoring command runs and how its input values are mapped: the {@code --checkpoint}
 * and {@code --normalize} of {@code repflow predict}, {@code eval} and {@code repflow spark predict},
 * {@code eval}.
 */
public final class CheckpointOptions {

    @Option(
            names = "--checkpoint",
            required = true,
            paramLabel = "DIR",
            description = "A checkpoint directory or a run directory (its latest).")
    Path checkpoint;

    @Option(
            names = "--normalize",
            paramLabel = "imagenet|minus-one-to-one",
            converter = Normalization.Converter.class,
            description = "Input values (default: what the run's run.json records, else minus-one-to-one).")
    Normalization normalize;

    /** The checkpoint or run directory as given. */
    public Path checkpoint() {
        return checkpoint;
    }

    /** {@code --normalize}, else what the run recorded, else minus-one-to-one ({@link Normalization#orRecorded}). */
    public Normalization normalization() {
        return Normalization.orRecorded(normalize, checkpoint);
    }
}
