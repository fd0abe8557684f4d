package io.repflow.backend.nd4j;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Per-clip normalisation to [0, 255]: {@code 255*(x-min)/(max-min)} with min and max over each
 * clip's (C', T, H, W), and 0 for a constant clip. The gradient flows through min and max and is
 * split evenly among tied elements, like torch's amin/amax; SameDiff's own reduce_max gives it all
 * to the first one, so min and max are written as masked means over their ties.
 */
final class Nd4jClipNormalisation {

    private Nd4jClipNormalisation() {}

    /** {@code clip [B, …]}: every axis but the first belongs to one clip. */
    static SDVariable apply(SameDiff sd, SDVariable clip, int rank) {
        int[] axes = new int[rank - 1];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 1;
        }
        SDVariable max = clip.max(true, axes);
        SDVariable min = clip.min(true, axes);
        SDVariable maxAt = sd.eq(clip, max).castTo(DataType.FLOAT);
        SDVariable minAt = sd.eq(clip, min).castTo(DataType.FLOAT);
        SDVariable tiedMax = clip.mul(maxAt).sum(true, axes).div(maxAt.sum(true, axes));
        SDVariable tiedMin = clip.mul(minAt).sum(true, axes).div(minAt.sum(true, axes));
        // comparisons carry no gradient: 1 where the clip has a range, 0 for a constant clip
        SDVariable varies = sd.gt(max, min).castTo(DataType.FLOAT);
        SDVariable range = tiedMax.sub(tiedMin).add(varies.rsub(1.0));
        return clip.sub(tiedMin).mul(varies.mul(255.0).div(range));
    }
}
