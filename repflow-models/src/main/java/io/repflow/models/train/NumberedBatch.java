package io.repflow.models.train;

import io.repflow.api.Checks;
import io.repflow.models.spi.Batch;

/**
 * A training batch with its position in the epoch (0-based). A source that leaves bad samples out gives
 * smaller batches, and leaves out a batch whose every sample was bad, but never renumbers the others: the
 * number is what a resumed run continues from.
 */
public record NumberedBatch(int number, Batch batch) {

    public NumberedBatch {
        Checks.atLeast("batch number", number, 0);
        Checks.notNull("batch", batch);
    }
}
