package io.repflow.models.eval;

import io.repflow.api.HostTensor;
import java.util.Arrays;

/**
 * Rows to evaluate, several of which may be views (clips x crops x flips) of one sample: row r is a view of
 * sample {@code samples[r]} with class {@code labels[r]}. All views of a sample are in one batch.
 *
 * @param clips   {@code [R, C, T, H, W]}
 * @param labels  R class indices
 * @param samples R sample numbers (the dataset's index of each row's video)
 */
public record ViewBatch(HostTensor clips, int[] labels, int[] samples) {

    public ViewBatch {
        if (clips == null || labels == null || samples == null) {
            throw new IllegalArgumentException("view batch clips, labels and samples are required");
        }
        if (clips.rank() != 5 || clips.dim(0) != labels.length || labels.length != samples.length) {
            throw new IllegalArgumentException(
                    "view batch clips " + clips.shape() + " must be [R, C, T, H, W] with R = " + labels.length
                            + " labels = " + samples.length + " sample numbers");
        }
        labels = labels.clone();
        samples = samples.clone();
    }

    public int rows() {
        return labels.length;
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public int[] samples() {
        return samples.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ViewBatch b
                && clips.equals(b.clips)
                && Arrays.equals(labels, b.labels)
                && Arrays.equals(samples, b.samples);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * clips.hashCode() + Arrays.hashCode(labels)) + Arrays.hashCode(samples);
    }

    @Override
    public String toString() {
        return "ViewBatch[clips " + clips.shape() + ", samples " + Arrays.toString(samples) + "]";
    }
}
