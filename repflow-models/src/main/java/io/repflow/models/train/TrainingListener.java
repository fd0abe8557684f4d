package io.repflow.models.train;

import io.repflow.models.spi.Batch;
import io.repflow.models.spi.StepResult;
import java.nio.file.Path;

/** Progress of a training run, for progress bars and metric files. Called on the training thread. */
public interface TrainingListener {

    /** A listener that ignores everything. */
    TrainingListener NONE = new TrainingListener() {};

    /**
     * After each optimiser step; {@code batch} counts from 1 to {@code batches} within the epoch,
     * {@code input} is what the step trained on.
     */
    default void stepFinished(int epoch, int batch, int batches, long step, Batch input, StepResult result) {}

    /** After each epoch's validation and checkpoint ({@code checkpoint} null without a store). */
    default void epochFinished(EpochSummary summary, Path checkpoint) {}
}
