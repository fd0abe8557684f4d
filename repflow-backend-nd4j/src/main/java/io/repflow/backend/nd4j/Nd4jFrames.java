package io.repflow.backend.nd4j;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Layout changes between clips {@code [B,C,T,H,W]} and per-frame batches {@code [B*T,C,H,W]}
 * (clip-major, then frame), the layout in which per-frame convolutions, batch norm, fusion and the
 * flow layer run inside a block.
 */
final class Nd4jFrames {

    private Nd4jFrames() {}

    /** {@code [B,C,T,H,W] → [B*T,C,H,W]}. */
    static SDVariable toFrames(SDVariable clip, long b, long c, long t, long h, long w) {
        return clip.permute(0, 2, 1, 3, 4).reshape(b * t, c, h, w);
    }

    /** {@code [B*T,C,H,W] → [B,C,T,H,W]}. */
    static SDVariable toClip(SDVariable frames, long b, long c, long t, long h, long w) {
        return frames.reshape(b, t, c, h, w).permute(0, 2, 1, 3, 4);
    }

    /** Frames {@code from..to-1} of every clip: {@code [B*T,C,H,W] → [B*(to-from),C,H,W]}. */
    static SDVariable range(SDVariable frames, long b, long c, long t, long h, long w, long from, long to) {
        if (from == 0 && to == t) {
            return frames;
        }
        return Nd4jGraphOps.slice(frames.reshape(b, t, c, h, w), 5, 1, from, to).reshape(b * (to - from), c, h, w);
    }
}
