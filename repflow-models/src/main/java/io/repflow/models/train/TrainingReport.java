package io.repflow.models.train;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of a completed run.
 *
 * @param epochs         one summary per epoch run (in this call)
 * @param finalState     the position after the last step
 * @param lastCheckpoint the last checkpoint written, or null without a store
 */
public record TrainingReport(List<EpochSummary> epochs, TrainingState finalState, Path lastCheckpoint) {

    public TrainingReport {
        epochs = List.copyOf(epochs);
    }
}
