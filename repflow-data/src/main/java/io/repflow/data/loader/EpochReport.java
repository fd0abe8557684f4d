package io.repflow.data.loader;

import java.util.List;

/**
 * What one epoch delivered: samples planned, samples delivered in batches, and the samples skipped as bad
 * videos (in the order the epoch met them).
 */
public record EpochReport(int epoch, int planned, int delivered, List<SkippedSample> skipped) {

    public EpochReport {
        skipped = List.copyOf(skipped);
    }

    public int skippedCount() {
        return skipped.size();
    }
}
