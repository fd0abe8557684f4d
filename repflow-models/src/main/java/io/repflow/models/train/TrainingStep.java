package io.repflow.models.train;

import io.repflow.models.spi.Batch;
import io.repflow.models.spi.StepResult;

/**
 * One optimiser step, as the loop tells its listener.
 *
 * @param epoch        0-based
 * @param batch        the batch's number in the epoch, from 1 to {@code batches}
 * @param batches      batches per epoch
 * @param step         steps taken so far, this one included
 * @param learningRate the base rate of the step
 * @param input        what the step trained on
 * @param result       loss, gradient norm, logits
 * @param seconds      wall time since the previous step ended (waiting for data included)
 */
public record TrainingStep(
        int epoch,
        int batch,
        int batches,
        long step,
        double learningRate,
        Batch input,
        StepResult result,
        double seconds) {

    /** Clips per second of wall time. */
    public double clipsPerSecond() {
        return seconds > 0 ? input.size() / seconds : Double.NaN;
    }
}
