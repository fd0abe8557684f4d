package io.repflow.data;

import io.repflow.api.HostTensor;
import java.util.Arrays;

/**
 * A batch of clips {@code [B,3,T,H,W]} with one integer class label per clip and, for each clip, the index
 * of the dataset sample it came from (several rows share a sample when a video is evaluated as several
 * views, e.g. clips × crops).
 */
public record LabeledClips(HostTensor clips, int[] labels, int[] sampleIndices) {

    public LabeledClips {
        if (clips.rank() != 5 || clips.dim(1) != 3) {
            throw new IllegalArgumentException("clips must have shape [B,3,T,H,W] but have " + clips.shape());
        }
        int b = clips.dim(0);
        if (labels.length != b || sampleIndices.length != b) {
            throw new IllegalArgumentException("clips " + clips.shape() + " hold " + b + " clips but " + labels.length
                    + " labels and " + sampleIndices.length + " sample indices were given");
        }
        labels = labels.clone();
        sampleIndices = sampleIndices.clone();
    }

    /** Number of clips (B). */
    public int size() {
        return labels.length;
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public int[] sampleIndices() {
        return sampleIndices.clone();
    }

    public int label(int row) {
        return labels[row];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabeledClips other
                && clips.equals(other.clips)
                && Arrays.equals(labels, other.labels)
                && Arrays.equals(sampleIndices, other.sampleIndices);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * clips.hashCode() + Arrays.hashCode(labels)) + Arrays.hashCode(sampleIndices);
    }

    @Override
    public String toString() {
        return "LabeledClips" + clips.shape() + " labels=" + Arrays.toString(labels);
    }
}
