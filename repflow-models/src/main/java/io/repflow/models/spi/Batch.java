package io.repflow.models.spi;

import io.repflow.api.HostTensor;
import java.util.Arrays;

/**
 * A labelled mini-batch.
 *
 * @param clips  {@code [B, C, T, H, W]}
 * @param labels B class indices in {@code [0, K)}
 */
public record Batch(HostTensor clips, int[] labels) {

    public Batch {
        if (clips == null || labels == null) {
            throw new IllegalArgumentException("batch clips and labels are required");
        }
        if (clips.rank() != 5 || clips.dim(0) != labels.length) {
            throw new IllegalArgumentException("batch clips " + clips.shape() + " must be [B, C, T, H, W] with B = "
                    + labels.length + " (the number of labels)");
        }
        labels = labels.clone();
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    public int size() {
        return labels.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Batch b && clips.equals(b.clips) && Arrays.equals(labels, b.labels);
    }

    @Override
    public int hashCode() {
        return 31 * clips.hashCode() + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "Batch[clips " + clips.shape() + ", labels " + Arrays.toString(labels) + "]";
    }
}
