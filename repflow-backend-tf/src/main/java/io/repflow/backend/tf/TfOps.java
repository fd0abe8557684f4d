package io.repflow.backend.tf;

import io.repflow.api.BatchNormConfig;
import io.repflow.api.FlowConfig;
import io.repflow.api.FusionMode;
import io.repflow.api.ImageGradient;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The graph-building pieces of repflow in TensorFlow ops, on NCHW (flow) and NCTHW (clip) tensors
 * whose static shapes are known. Every op used here has a gradient registered in TensorFlow's C++
 * registry (the one {@code Graph.addGradients} uses); branch masks are {@code stopGradient}-ed or are
 * expressed with maximum/minimum, whose gradient follows the selected side.
 */
final class TfOps {

    static final float EPS = 1e-12f;

    final Ops tf;

    TfOps(Ops tf) {
        this.tf = tf;
    }

    static long[] dims(Operand<TFloat32> x) {
        return x.shape().asArray();
    }

    Operand<TFloat32> c(float v) {
        return tf.constant(v);
    }

    /** {@code size} entries of {@code axis} from {@code begin}, everything of the other axes. */
    Operand<TFloat32> slice(Operand<TFloat32> x, int axis, long begin, long size) {
        // int32 indices: TensorFlow's C++ gradients of Slice and Pad build int32 shape arithmetic
        long[] d = dims(x);
        int[] b = new int[d.length];
        int[] s = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            s[i] = Math.toIntExact(d[i]);
        }
        b[axis] = Math.toIntExact(begin);
        s[axis] = Math.toIntExact(size);
        return tf.slice(x, tf.constant(b), tf.constant(s));
    }

    /** Zero padding of {@code before} and {@code after} entries along {@code axis}. */
    Operand<TFloat32> pad(Operand<TFloat32> x, int axis, int before, int after) {
        int rank = dims(x).length;
        int[][] p = new int[rank][2];
        p[axis][0] = before;
        p[axis][1] = after;
        return tf.pad(x, tf.constant(p), c(0f));
    }

    Operand<TFloat32> concat(int axis, List<Operand<TFloat32>> parts) {
        return parts.size() == 1 ? parts.get(0) : tf.concat(parts, tf.constant(axis));
    }

    Operand<TFloat32> reshape(Operand<TFloat32> x, long... shape) {
        int[] s = new int[shape.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.toIntExact(shape[i]);
        }
        return tf.reshape(x, tf.constant(s));
    }

    Operand<TFloat32> transpose(Operand<TFloat32> x, int... perm) {
        return tf.linalg.transpose(x, tf.constant(perm));
    }

    Operand<TFloat32> add(Operand<TFloat32> a, Operand<TFloat32> b) {
        return tf.math.add(a, b);
    }

    Operand<TFloat32> sub(Operand<TFloat32> a, Operand<TFloat32> b) {
        return tf.math.sub(a, b);
    }

    Operand<TFloat32> mul(Operand<TFloat32> a, Operand<TFloat32> b) {
        return tf.math.mul(a, b);
    }

    Operand<TFloat32> div(Operand<TFloat32> a, Operand<TFloat32> b) {
        return tf.math.div(a, b);
    }

    Operand<TFloat32> square(Operand<TFloat32> a) {
        return tf.math.square(a);
    }

    Operand<TFloat32> zeros(long... shape) {
        int[] s = new int[shape.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.toIntExact(shape[i]);
        }
        return tf.zeros(tf.constant(s), TFloat32.class);
    }

    /** Tap {@code k} of a per-channel kernel {@code [C, taps...]} as {@code [1, C, 1, 1]} (or rank 5 with {@code rank5}). */
    Operand<TFloat32> tap(Operand<TFloat32> kernel, int... index) {
        long[] d = dims(kernel);
        int[] begin = new int[d.length];
        int[] size = new int[d.length];
        size[0] = Math.toIntExact(d[0]);
        for (int i = 1; i < d.length; i++) {
            begin[i] = index[i - 1];
            size[i] = 1;
        }
        return reshape(tf.slice(kernel, tf.constant(begin), tf.constant(size)), 1, d[0], 1, 1);
    }

    // ------------------------------------------------------------------ the flow layer (DESIGN §2)

    /** The flow parameters as graph values. */
    record FlowParams(
            Operand<TFloat32> theta,
            Operand<TFloat32> lambda,
            Operand<TFloat32> tau,
            Operand<TFloat32> fx,
            Operand<TFloat32> fy,
            Operand<TFloat32> dx,
            Operand<TFloat32> dy,
            Operand<TFloat32> gx,
            Operand<TFloat32> gy) {}

    /** u = [u1, u2] {@code [N,2C,H,W]} for F1, F2 {@code [N,C,H,W]}. */
    Operand<TFloat32> flow(Operand<TFloat32> f1, Operand<TFloat32> f2, FlowParams p, FlowConfig config) {
        long[] d = dims(f1);
        long n = d[0];
        long ch = d[1];
        long h = d[2];
        long w = d[3];
        Operand<TFloat32>[] grad = config.imageGradient() == ImageGradient.CENTRAL
                ? central(f2, p.gx(), p.gy())
                : sobel(f2, p.gx(), p.gy());
        Operand<TFloat32> ix = grad[0];
        Operand<TFloat32> iy = grad[1];
        Operand<TFloat32> g = add(add(square(ix), square(iy)), c(EPS));
        Operand<TFloat32> rhoC = add(sub(f2, f1), c(EPS));
        Operand<TFloat32> lt = mul(p.lambda(), p.theta());
        Operand<TFloat32> negLt = tf.math.neg(lt);
        Operand<TFloat32> taut = div(p.tau(), p.theta());
        Operand<TFloat32> u1 = zeros(n, ch, h, w);
        Operand<TFloat32> u2 = u1;
        Operand<TFloat32> p11 = u1;
        Operand<TFloat32> p12 = u1;
        Operand<TFloat32> p21 = u1;
        Operand<TFloat32> p22 = u1;
        Operand<TFloat32> dx0 = tap(p.dx(), 0);
        Operand<TFloat32> dx1 = tap(p.dx(), 1);
        Operand<TFloat32> dy0 = tap(p.dy(), 0);
        Operand<TFloat32> dy1 = tap(p.dy(), 1);
        Operand<TFloat32> fx0 = tap(p.fx(), 0);
        Operand<TFloat32> fx1 = tap(p.fx(), 1);
        Operand<TFloat32> fy0 = tap(p.fy(), 0);
        Operand<TFloat32> fy1 = tap(p.fy(), 1);
        for (int k = 0; k < config.iterations(); k++) {
            Operand<TFloat32> rho = add(add(rhoC, mul(ix, u1)), mul(iy, u2));
            // the three thresholding branches: v = I * clamp(-rho/G, -lambda*theta, lambda*theta)
            Operand<TFloat32> coef = tf.math.minimum(tf.math.maximum(tf.math.neg(div(rho, g)), negLt), lt);
            u1 = add(add(u1, mul(coef, ix)), mul(p.theta(), divergence(p11, p12, dx0, dx1, dy0, dy1)));
            u2 = add(add(u2, mul(coef, iy)), mul(p.theta(), divergence(p21, p22, dx0, dx1, dy0, dy1)));
            Operand<TFloat32> u1x = forwardX(u1, fx0, fx1);
            Operand<TFloat32> u1y = forwardY(u1, fy0, fy1);
            Operand<TFloat32> u2x = forwardX(u2, fx0, fx1);
            Operand<TFloat32> u2y = forwardY(u2, fy0, fy1);
            Operand<TFloat32> d1 = add(c(1f), mul(taut, tf.math.sqrt(add(add(square(u1x), square(u1y)), c(EPS)))));
            Operand<TFloat32> d2 = add(c(1f), mul(taut, tf.math.sqrt(add(add(square(u2x), square(u2y)), c(EPS)))));
            p11 = div(add(p11, mul(taut, u1x)), d1);
            p12 = div(add(p12, mul(taut, u1y)), d1);
            p21 = div(add(p21, mul(taut, u2x)), d2);
            p22 = div(add(p22, mul(taut, u2y)), d2);
        }
        return concat(1, List.of(u1, u2));
    }

    /** D along W: {@code fx0*u[j] + fx1*u[j+1]} for j &lt; W-1, 0 in the last column. */
    private Operand<TFloat32> forwardX(Operand<TFloat32> u, Operand<TFloat32> k0, Operand<TFloat32> k1) {
        long w = dims(u)[3];
        return pad(add(mul(k0, slice(u, 3, 0, w - 1)), mul(k1, slice(u, 3, 1, w - 1))), 3, 0, 1);
    }

    private Operand<TFloat32> forwardY(Operand<TFloat32> u, Operand<TFloat32> k0, Operand<TFloat32> k1) {
        long h = dims(u)[2];
        return pad(add(mul(k0, slice(u, 2, 0, h - 1)), mul(k1, slice(u, 2, 1, h - 1))), 2, 0, 1);
    }

    /** div(p1, p2) over the zero-padded shift {@code q = [0, p[0..n-2], 0]} along W and H. */
    private Operand<TFloat32> divergence(
            Operand<TFloat32> p1,
            Operand<TFloat32> p2,
            Operand<TFloat32> dx0,
            Operand<TFloat32> dx1,
            Operand<TFloat32> dy0,
            Operand<TFloat32> dy1) {
        long h = dims(p1)[2];
        long w = dims(p1)[3];
        Operand<TFloat32> q1 = pad(slice(p1, 3, 0, w - 1), 3, 1, 1);
        Operand<TFloat32> q2 = pad(slice(p2, 2, 0, h - 1), 2, 1, 1);
        Operand<TFloat32> x = add(mul(dx0, slice(q1, 3, 0, w)), mul(dx1, slice(q1, 3, 1, w)));
        Operand<TFloat32> y = add(mul(dy0, slice(q2, 2, 0, h)), mul(dy1, slice(q2, 2, 1, h)));
        return add(x, y);
    }

    /** Central differences with learnable taps inside, one-sided half differences at the border. */
    @SuppressWarnings("unchecked")
    private Operand<TFloat32>[] central(Operand<TFloat32> f, Operand<TFloat32> gx, Operand<TFloat32> gy) {
        return new Operand[] {centralAlong(f, gx, 3), centralAlong(f, gy, 2)};
    }

    private Operand<TFloat32> centralAlong(Operand<TFloat32> f, Operand<TFloat32> g, int axis) {
        long n = dims(f)[axis];
        Operand<TFloat32> first = mul(c(0.5f), sub(slice(f, axis, 1, 1), slice(f, axis, 0, 1)));
        Operand<TFloat32> last = mul(c(0.5f), sub(slice(f, axis, n - 1, 1), slice(f, axis, n - 2, 1)));
        List<Operand<TFloat32>> parts = new ArrayList<>();
        parts.add(first);
        if (n > 2) {
            parts.add(add(
                    add(mul(tap(g, 0), slice(f, axis, 0, n - 2)), mul(tap(g, 1), slice(f, axis, 1, n - 2))),
                    mul(tap(g, 2), slice(f, axis, 2, n - 2))));
        }
        parts.add(last);
        return concat(axis, parts);
    }

    /** 3x3 kernels per channel over the image with its border rows and columns repeated. */
    @SuppressWarnings("unchecked")
    private Operand<TFloat32>[] sobel(Operand<TFloat32> f, Operand<TFloat32> gx, Operand<TFloat32> gy) {
        long h = dims(f)[2];
        long w = dims(f)[3];
        Operand<TFloat32> rows = concat(2, List.of(slice(f, 2, 0, 1), f, slice(f, 2, h - 1, 1)));
        Operand<TFloat32> padded = concat(3, List.of(slice(rows, 3, 0, 1), rows, slice(rows, 3, w - 1, 1)));
        Operand<TFloat32> sx = null;
        Operand<TFloat32> sy = null;
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                Operand<TFloat32> window = slice(slice(padded, 2, a, h), 3, b, w);
                Operand<TFloat32> tx = mul(tap(gx, a, b), window);
                Operand<TFloat32> ty = mul(tap(gy, a, b), window);
                sx = sx == null ? tx : add(sx, tx);
                sy = sy == null ? ty : add(sy, ty);
            }
        }
        return new Operand[] {sx, sy};
    }

    // ------------------------------------------------------------------ clip layers (NCTHW)

    /** 2D convolution of every frame: weight {@code [O,I,k,k]}, zero padding k/2, no bias. */
    Operand<TFloat32> conv2dFrames(Operand<TFloat32> x, Operand<TFloat32> weight) {
        return conv2dFrames(x, weight, 1, (int) (dims(weight)[2] / 2));
    }

    /** 2D convolution of every frame with a square stride and symmetric zero padding (PyTorch's Conv2d). */
    Operand<TFloat32> conv2dFrames(Operand<TFloat32> x, Operand<TFloat32> weight, int stride, int pad) {
        long[] d = dims(x);
        long[] wd = dims(weight);
        long b = d[0];
        long t = d[2];
        long h = d[3];
        long w = d[4];
        // NCTHW -> (B*T)HWC, the layout TensorFlow's CPU convolution supports
        Operand<TFloat32> nhwc = reshape(transpose(x, 0, 2, 3, 4, 1), b * t, h, w, d[1]);
        Operand<TFloat32> kernel = transpose(weight, 2, 3, 1, 0);
        if (pad > 0) {
            nhwc = tf.pad(nhwc, tf.constant(new int[][] {{0, 0}, {pad, pad}, {pad, pad}, {0, 0}}), c(0f));
        }
        Operand<TFloat32> y = tf.nn.conv2d(nhwc, kernel, List.of(1L, (long) stride, (long) stride, 1L), "VALID");
        long[] yd = dims(y);
        return transpose(reshape(y, b, t, yd[1], yd[2], wd[0]), 0, 4, 1, 2, 3);
    }

    /** x + bias[c] over an NCTHW tensor. */
    Operand<TFloat32> addChannelBias(Operand<TFloat32> x, Operand<TFloat32> bias) {
        return add(x, reshape(bias, 1, dims(bias)[0], 1, 1, 1));
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
        long[] d = dims(x);
        long ch = d[1];
        Operand<TFloat32> g = reshape(gamma, 1, ch, 1, 1, 1);
        Operand<TFloat32> bt = reshape(beta, 1, ch, 1, 1, 1);
        if (!train) {
            Operand<TFloat32> inv = tf.math.rsqrt(add(reshape(runningVar, 1, ch, 1, 1, 1), c((float) cfg.eps())));
            return new Normalised(add(mul(mul(sub(x, reshape(runningMean, 1, ch, 1, 1, 1)), inv), g), bt), null, null);
        }
        Operand<TFloat32> mean =
                tf.math.mean(x, tf.constant(new int[] {0, 2, 3, 4}), org.tensorflow.op.math.Mean.keepDims(true));
        Operand<TFloat32> centred = sub(x, mean);
        Operand<TFloat32> var = tf.math.mean(
                square(centred), tf.constant(new int[] {0, 2, 3, 4}), org.tensorflow.op.math.Mean.keepDims(true));
        Operand<TFloat32> y = add(mul(mul(centred, tf.math.rsqrt(add(var, c((float) cfg.eps())))), g), bt);
        long m = d[0] * d[2] * d[3] * d[4];
        float unbias = m > 1 ? (float) m / (m - 1) : 1f;
        Operand<TFloat32> statMean = tf.stopGradient(reshape(mean, ch));
        Operand<TFloat32> statVar = tf.stopGradient(mul(reshape(var, ch), c(unbias)));
        return new Normalised(y, statMean, statVar);
    }

    Operand<TFloat32> relu(Operand<TFloat32> x) {
        return tf.nn.relu(x);
    }

    /** Per clip: 255 (x - min) / (max - min) over (C, T, H, W); 0 for a constant clip. */
    Operand<TFloat32> clipNormalise(Operand<TFloat32> x) {
        Operand<org.tensorflow.types.TInt32> axes = tf.constant(new int[] {1, 2, 3, 4});
        Operand<TFloat32> mn = tf.min(x, axes, org.tensorflow.op.core.Min.keepDims(true));
        Operand<TFloat32> mx = tf.max(x, axes, org.tensorflow.op.core.Max.keepDims(true));
        Operand<TFloat32> range = sub(mx, mn);
        Operand<TFloat32> varying = tf.stopGradient(tf.dtypes.cast(tf.math.greater(range, c(0f)), TFloat32.class));
        Operand<TFloat32> safe = add(range, sub(c(1f), varying));
        return mul(sub(x, mn), div(mul(varying, c(255f)), safe));
    }

    /** Flow on frame pairs (t, t+1) of {@code [B,C,T,H,W]} → {@code [B,2C,T-1,H,W]}. */
    Operand<TFloat32> flowPairs(Operand<TFloat32> x, FlowParams p, FlowConfig config) {
        long[] d = dims(x);
        long b = d[0];
        long ch = d[1];
        long t = d[2];
        long h = d[3];
        long w = d[4];
        Operand<TFloat32> a = reshape(transpose(slice(x, 2, 0, t - 1), 0, 2, 1, 3, 4), b * (t - 1), ch, h, w);
        Operand<TFloat32> z = reshape(transpose(slice(x, 2, 1, t - 1), 0, 2, 1, 3, 4), b * (t - 1), ch, h, w);
        Operand<TFloat32> u = flow(a, z, p, config);
        return transpose(reshape(u, b, t - 1, 2 * ch, h, w), 0, 2, 1, 3, 4);
    }

    /** Fusion of RGB features (cut to the flow's first frames) with flow features; see FusionConfig. */
    Operand<TFloat32> fuse(
            FusionMode mode,
            Operand<TFloat32> rgb,
            Operand<TFloat32> flow,
            Operand<TFloat32> weight,
            Operand<TFloat32> bias) {
        if (mode == FusionMode.NONE) {
            return flow;
        }
        if (mode == FusionMode.LATE) {
            return mul(add(rgb, flow), c(0.5f));
        }
        long frames = dims(flow)[2];
        Operand<TFloat32> cut = dims(rgb)[2] == frames ? rgb : slice(rgb, 2, 0, frames);
        return switch (mode) {
            case ADD -> add(cut, flow);
            case MULTIPLY -> mul(cut, flow);
            case LAYER_MULTIPLY -> mul(addChannelBias(conv2dFrames(cut, weight), bias), flow);
            case CONCAT -> addChannelBias(conv2dFrames(concat(1, List.of(cut, flow)), weight), bias);
            default -> throw new IllegalStateException("fusion " + mode);
        };
    }
}
