package io.repflow.backend.nd4j;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A value flowing through a compiled model with its static sizes and its current layout. Most layers
 * are per frame, so the model compiler keeps features as per-frame batches {@code [B*T,C,H,W]} and
 * turns them into clips {@code [B,C,T,H,W]} only for the layers that need the time axis (Conv3d,
 * 3D pooling); each change of layout is a permute that copies, so they are made only on demand.
 *
 * @param v      the SameDiff value
 * @param layout how {@code v} is laid out
 */
record Nd4jFeatures(SDVariable v, Layout layout, long b, long c, long t, long h, long w) {

    enum Layout {
        /** {@code [B,C,T,H,W]}. */
        CLIP,
        /** {@code [B*T,C,H,W]}, clip-major then frame. */
        FRAMES,
        /** {@code [B,C]} with T = H = W = 1 (after Flatten). */
        FLAT
    }

    static Nd4jFeatures clip(SDVariable v, long b, long c, long t, long h, long w) {
        return new Nd4jFeatures(v, Layout.CLIP, b, c, t, h, w);
    }

    static Nd4jFeatures frames(SDVariable v, long b, long c, long t, long h, long w) {
        return new Nd4jFeatures(v, Layout.FRAMES, b, c, t, h, w);
    }

    /** The same values as per-frame batches {@code [B*T,C,H,W]}. */
    Nd4jFeatures asFrames() {
        return switch (layout) {
            case FRAMES -> this;
            // with one frame, or a flat value, the layouts hold the same element order: a reshape is enough
            case CLIP -> frames(t == 1 ? v.reshape(b, c, h, w) : Nd4jFrames.toFrames(v, b, c, t, h, w), b, c, t, h, w);
            case FLAT -> frames(v.reshape(b, c, 1, 1), b, c, 1, 1, 1);
        };
    }

    /** The same values as clips {@code [B,C,T,H,W]}. */
    Nd4jFeatures asClip() {
        return switch (layout) {
            case CLIP -> this;
            case FRAMES -> clip(t == 1 ? v.reshape(b, c, 1, h, w) : Nd4jFrames.toClip(v, b, c, t, h, w), b, c, t, h, w);
            case FLAT -> clip(v.reshape(b, c, 1, 1, 1), b, c, 1, 1, 1);
        };
    }

    /** The same sizes and layout holding {@code value}. */
    Nd4jFeatures with(SDVariable value) {
        return new Nd4jFeatures(value, layout, b, c, t, h, w);
    }

    /** The static shape of {@link #v}. */
    long[] shape() {
        return switch (layout) {
            case CLIP -> new long[] {b, c, t, h, w};
            case FRAMES -> new long[] {b * t, c, h, w};
            case FLAT -> new long[] {b, c};
        };
    }
}
