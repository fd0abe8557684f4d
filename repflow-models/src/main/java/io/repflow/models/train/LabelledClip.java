package io.repflow.models.train;

import io.repflow.api.HostTensor;

/**
 * One training or validation example.
 *
 * @param clip  {@code [C, T, H, W]}
 * @param label class index
 */
public record LabelledClip(HostTensor clip, int label) {

    public LabelledClip {
        if (clip == null || clip.rank() != 4) {
            throw new IllegalArgumentException(
                    "a clip must be [C, T, H, W]; got " + (clip == null ? "null" : clip.shape()));
        }
        if (label < 0) {
            throw new IllegalArgumentException("label " + label + " must be >= 0");
        }
    }
}
