package io.repflow.models.train;

import io.repflow.api.HostTensor;

/**
 * Deterministic clips whose class is the brightest channel (with noise): linearly separable on the
 * channel means, so the linear test double can learn it.
 */
record ColourDataset(int size, int classes, int frames, int side, long seed) implements ClipDataset {

    @Override
    public LabelledClip get(int index) {
        int label = index % classes;
        HostTensor noise = HostTensor.uniform(seed * 1_000_003L + index, 0f, 1f, classes, frames, side, side);
        float[] d = noise.toArray();
        int per = frames * side * side;
        for (int i = 0; i < per; i++) {
            d[label * per + i] += 0.6f;
        }
        return new LabelledClip(HostTensor.of(d, classes, frames, side, side), label);
    }
}
