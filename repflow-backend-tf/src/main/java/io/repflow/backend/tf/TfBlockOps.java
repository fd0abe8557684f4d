package io.repflow.backend.tf;

import io.repflow.api.BatchNormConfig;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** The clip-level steps of the blocks and the model graphs on {@code [B,C,T,H,W]}: per-frame convolution, batch norm, per-clip normalisation. */
final class TfBlockOps {

    private final TfGraphOps ops;

    TfBlockOps(TfGraphOps ops) {
        this.ops = ops;
    }

    /** 2D convolution of every frame: weight {@code [O,I,k,k]}, zero padding k/2, no bias. */
    Operand<TFloat32> conv2dFrames(Operand<TFloat32> x, Operand<TFloat32> weight) {
        return conv2dFrames(x, weight, 1, (int) (TfGraphOps.dims(weight)[2] / 2));
    }

    /** 2D convolution of every frame with a square stride and symmetric zero padding (PyTorch's Conv2d). */
    Operand<TFloat32> conv2dFrames(Operand<TFloat32> x, Operand<TFloat32> weight, int stride, int pad) {
        long[] d = TfGraphOps.dims(x);
        long[] wd = TfGraphOps.dims(weight);
        long b = d[0];
        long t = d[2];
        long h = d[3];
        long w = d[4];
        // NCTHW -> (B*T)HWC, the layout TensorFlow's CPU convolution supports
        Operand<TFloat32> nhwc = ops.reshape(ops.transpose(x, 0, 2, 3, 4, 1), b * t, h, w, d[1]);
        Operand<TFloat32> kernel = ops.transpose(weight, 2, 3, 1, 0);
        if (pad > 0) {
            nhwc = ops.tf.pad(nhwc, ops.tf.constant(new int[][] {{0, 0}, {pad, pad}, {pad, pad}, {0, 0}}), ops.c(0f));
        }
        Operand<TFloat32> y = ops.tf.nn.conv2d(nhwc, kernel, List.of(1L, (long) stride, (long) stride, 1L), "VALID");
        long[] yd = TfGraphOps.dims(y);
        return ops.transpose(ops.reshape(y, b, t, yd[1], yd[2], wd[0]), 0, 4, 1, 2, 3);
    }

    /** x + bias[c] over an NCTHW tensor. */
    Operand<TFloat32> addChannelBias(Operand<TFloat32> x, Operand<TFloat32> bias) {
        return ops.add(x, ops.reshape(bias, 1, TfGraphOps.dims(bias)[0], 1, 1, 1));
    }

    /** The values a batch-norm layer produced: output and the batch statistics (TRAIN) it used. */
    record Normalised(Operand<TFloat32> y, Operand<TFloat32> batchMean, Operand<TFloat32> batchVar) {}

    /**
     * Batch norm over channels with statistics over (B, T, H, W): TRAIN normalises with the batch's
     * biased variance and also returns the batch mean and unbiased variance for the running estimate;
     * EVAL normalises with {@code runningMean} and {@code runningVar}.
     */
    Normalised batchNorm(
            Operand<TFloat32> x,
            Operand<TFloat32> gamma,
            Operand<TFloat32> beta,
            Operand<TFloat32> runningMean,
            Operand<TFloat32> runningVar,
            boolean train,
            BatchNormConfig cfg) {
        long[] d = TfGraphOps.dims(x);
        long ch = d[1];
        Operand<TFloat32> g = ops.reshape(gamma, 1, ch, 1, 1, 1);
        Operand<TFloat32> bt = ops.reshape(beta, 1, ch, 1, 1, 1);
        if (!train) {
            Operand<TFloat32> inv =
                    ops.tf.math.rsqrt(ops.add(ops.reshape(runningVar, 1, ch, 1, 1, 1), ops.c((float) cfg.eps())));
            return new Normalised(
                    ops.add(ops.mul(ops.mul(ops.sub(x, ops.reshape(runningMean, 1, ch, 1, 1, 1)), inv), g), bt),
                    null,
                    null);
        }
        Operand<TFloat32> mean = ops.tf.math.mean(
                x, ops.tf.constant(new int[] {0, 2, 3, 4}), org.tensorflow.op.math.Mean.keepDims(true));
        Operand<TFloat32> centred = ops.sub(x, mean);
        Operand<TFloat32> var = ops.tf.math.mean(
                ops.square(centred),
                ops.tf.constant(new int[] {0, 2, 3, 4}),
                org.tensorflow.op.math.Mean.keepDims(true));
        Operand<TFloat32> y =
                ops.add(ops.mul(ops.mul(centred, ops.tf.math.rsqrt(ops.add(var, ops.c((float) cfg.eps())))), g), bt);
        long m = d[0] * d[2] * d[3] * d[4];
        float unbias = m > 1 ? (float) m / (m - 1) : 1f;
        Operand<TFloat32> statMean = ops.tf.stopGradient(ops.reshape(mean, ch));
        Operand<TFloat32> statVar = ops.tf.stopGradient(ops.mul(ops.reshape(var, ch), ops.c(unbias)));
        return new Normalised(y, statMean, statVar);
    }

    /** Per clip: 255 (x - min) / (max - min) over (C, T, H, W); 0 for a constant clip. */
    Operand<TFloat32> clipNormalise(Operand<TFloat32> x) {
        Operand<org.tensorflow.types.TInt32> axes = ops.tf.constant(new int[] {1, 2, 3, 4});
        Operand<TFloat32> mn = ops.tf.min(x, axes, org.tensorflow.op.core.Min.keepDims(true));
        Operand<TFloat32> mx = ops.tf.max(x, axes, org.tensorflow.op.core.Max.keepDims(true));
        Operand<TFloat32> range = ops.sub(mx, mn);
        Operand<TFloat32> varying =
                ops.tf.stopGradient(ops.tf.dtypes.cast(ops.tf.math.greater(range, ops.c(0f)), TFloat32.class));
        Operand<TFloat32> safe = ops.add(range, ops.sub(ops.c(1f), varying));
        return ops.mul(ops.sub(x, mn), ops.div(ops.mul(varying, ops.c(255f)), safe));
    }
}
