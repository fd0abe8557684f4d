package io.repflow.backend.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import io.repflow.api.BatchNormConfig;

/** The building steps of the rep-flow block and FcF on clip features {@code [B,C,T,H,W]}. */
final class DjlBlockOps {

    private DjlBlockOps() {}

    /** A 2D convolution applied to every frame (kernel k x k, padding k/2, no bias) as a 1 x k x k 3D convolution. */
    static NDArray convPerFrame(NDArray x, NDArray weight, NDArray bias) {
        Shape w = weight.getShape();
        long k = w.get(2);
        NDArray w3 = weight.reshape(w.get(0), w.get(1), 1, k, w.get(3));
        NDArray y = Conv3d.conv3d(
                        x, w3, bias, new Shape(1, 1, 1), new Shape(0, k / 2, w.get(3) / 2), new Shape(1, 1, 1), 1)
                .singletonOrThrow();
        w3.close();
        return y;
    }

    /**
     * {@code 255 * (x - min) / (max - min)} per clip over (C, T, H, W); 0 for a constant clip. The
     * gradient reaches min and max like torch's amin/amax: shared evenly between tied extremes.
     */
    static NDArray normalisePerClip(NDArray x) {
        Shape s = x.getShape();
        NDArray flat = x.reshape(s.get(0), -1);
        NDArray max = extreme(flat, true);
        NDArray min = extreme(flat, false);
        NDArray range = max.sub(min);
        NDArray varying = range.gt(0f).toType(x.getDataType(), false);
        NDArray safe = range.add(varying.neg().add(1f));
        return flat.sub(min).mul(varying.mul(255f).div(safe)).reshape(s);
    }

    /** Row-wise max (or min) of {@code [B, M]} as {@code [B, 1]}, with amax/amin's gradient. */
    private static NDArray extreme(NDArray flat, boolean max) {
        NDArray fixed = flat.stopGradient();
        NDArray value = (max ? fixed.max(new int[] {1}, true) : fixed.min(new int[] {1}, true));
        NDArray hits = fixed.eq(value).toType(flat.getDataType(), false);
        NDArray share = hits.div(hits.sum(new int[] {1}, true));
        // exactly 0 in value, the tied extremes' share of the gradient in the backward pass
        NDArray route = flat.sub(fixed).mul(share).sum(new int[] {1}, true);
        return value.add(route);
    }

    /** Frames (t, t+1) of {@code [B,C,T,H,W]} as two {@code [B(T-1),C,H,W]} batches. */
    static NDArray[] framePairs(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long t = s.get(2);
        long h = s.get(3);
        long w = s.get(4);
        NDArray first =
                x.get(new NDIndex(":, :, 0:{}", t - 1)).transpose(0, 2, 1, 3, 4).reshape(b * (t - 1), c, h, w);
        NDArray second =
                x.get(new NDIndex(":, :, 1:{}", t)).transpose(0, 2, 1, 3, 4).reshape(b * (t - 1), c, h, w);
        return new NDArray[] {first, second};
    }

    /** {@code [B(T-1),C2,H,W]} back to clip layout {@code [B,C2,T-1,H,W]}. */
    static NDArray toClips(NDArray pairs, long b) {
        Shape s = pairs.getShape();
        return pairs.reshape(b, s.get(0) / b, s.get(1), s.get(2), s.get(3)).transpose(0, 2, 1, 3, 4);
    }

    /** Batch norm over axis 1 with statistics over all other axes (BatchNorm3d), PyTorch semantics. */
    static NDArray batchNorm(
            NDArray x,
            NDArray weight,
            NDArray bias,
            NDArray runningMean,
            NDArray runningVar,
            BatchNormConfig config,
            boolean training) {
        // DJL's momentum is the weight of the old running value: PyTorch's m becomes 1 - m
        return BatchNorm.batchNorm(
                        x,
                        runningMean,
                        runningVar,
                        weight,
                        bias,
                        1,
                        (float) (1.0 - config.momentum()),
                        (float) config.eps(),
                        training)
                .singletonOrThrow();
    }

    static NDArray value(ParameterStore store, ai.djl.nn.Parameter p, NDArray like, boolean training) {
        return DjlParameters.value(store, p, like, training);
    }
}
