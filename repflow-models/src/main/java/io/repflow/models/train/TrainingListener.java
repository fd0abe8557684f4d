package io.repflow.models.train;

import java.nio.file.Path;

/** Progress of a training run, for progress bars and metric files. Called on the training thread. */
public interface TrainingListener {

    /** A listener that ignores everything. */
    TrainingListener NONE = new TrainingListener() {};

    /** After each optimiser step. */
    default void stepFinished(TrainingStep step) {}

    /** After each epoch's validation and checkpoint ({@code checkpoint} null without a store). */
    default void epochFinished(EpochSummary summary, Path checkpoint) {}
}
