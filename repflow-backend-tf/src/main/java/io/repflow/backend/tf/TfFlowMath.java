package io.repflow.backend.tf;

import io.repflow.api.FlowConfig;
import io.repflow.api.ImageGradient;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** The flow layer (design rules 2.1–2.11) in TensorFlow ops: F1, F2 {@code [N,C,H,W]} to u {@code [N,2C,H,W]}, every iteration unrolled. */
final class TfFlowMath {

    static final float EPS = 1e-12f;

    private final TfGraphOps ops;

    TfFlowMath(TfGraphOps ops) {
        this.ops = ops;
    }

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
        long[] d = TfGraphOps.dims(f1);
        long n = d[0];
        long ch = d[1];
        long h = d[2];
        long w = d[3];
        Operand<TFloat32>[] grad = config.imageGradient() == ImageGradient.CENTRAL
                ? central(f2, p.gx(), p.gy())
                : sobel(f2, p.gx(), p.gy());
        Operand<TFloat32> ix = grad[0];
        Operand<TFloat32> iy = grad[1];
        Operand<TFloat32> g = ops.add(ops.add(ops.square(ix), ops.square(iy)), ops.c(EPS));
        Operand<TFloat32> rhoC = ops.add(ops.sub(f2, f1), ops.c(EPS));
        Operand<TFloat32> lt = ops.mul(p.lambda(), p.theta());
        Operand<TFloat32> negLt = ops.tf.math.neg(lt);
        Operand<TFloat32> taut = ops.div(p.tau(), p.theta());
        Operand<TFloat32> u1 = ops.zeros(n, ch, h, w);
        Operand<TFloat32> u2 = u1;
        Operand<TFloat32> p11 = u1;
        Operand<TFloat32> p12 = u1;
        Operand<TFloat32> p21 = u1;
        Operand<TFloat32> p22 = u1;
        Operand<TFloat32> dx0 = ops.tap(p.dx(), 0);
        Operand<TFloat32> dx1 = ops.tap(p.dx(), 1);
        Operand<TFloat32> dy0 = ops.tap(p.dy(), 0);
        Operand<TFloat32> dy1 = ops.tap(p.dy(), 1);
        Operand<TFloat32> fx0 = ops.tap(p.fx(), 0);
        Operand<TFloat32> fx1 = ops.tap(p.fx(), 1);
        Operand<TFloat32> fy0 = ops.tap(p.fy(), 0);
        Operand<TFloat32> fy1 = ops.tap(p.fy(), 1);
        for (int k = 0; k < config.iterations(); k++) {
            Operand<TFloat32> rho = ops.add(ops.add(rhoC, ops.mul(ix, u1)), ops.mul(iy, u2));
            // the three thresholding branches: v = I * clamp(-rho/G, -lambda*theta, lambda*theta)
            Operand<TFloat32> coef =
                    ops.tf.math.minimum(ops.tf.math.maximum(ops.tf.math.neg(ops.div(rho, g)), negLt), lt);
            u1 = ops.add(ops.add(u1, ops.mul(coef, ix)), ops.mul(p.theta(), divergence(p11, p12, dx0, dx1, dy0, dy1)));
            u2 = ops.add(ops.add(u2, ops.mul(coef, iy)), ops.mul(p.theta(), divergence(p21, p22, dx0, dx1, dy0, dy1)));
            Operand<TFloat32> u1x = forwardX(u1, fx0, fx1);
            Operand<TFloat32> u1y = forwardY(u1, fy0, fy1);
            Operand<TFloat32> u2x = forwardX(u2, fx0, fx1);
            Operand<TFloat32> u2y = forwardY(u2, fy0, fy1);
            Operand<TFloat32> d1 = ops.add(
                    ops.c(1f),
                    ops.mul(taut, ops.tf.math.sqrt(ops.add(ops.add(ops.square(u1x), ops.square(u1y)), ops.c(EPS)))));
            Operand<TFloat32> d2 = ops.add(
                    ops.c(1f),
                    ops.mul(taut, ops.tf.math.sqrt(ops.add(ops.add(ops.square(u2x), ops.square(u2y)), ops.c(EPS)))));
            p11 = ops.div(ops.add(p11, ops.mul(taut, u1x)), d1);
            p12 = ops.div(ops.add(p12, ops.mul(taut, u1y)), d1);
            p21 = ops.div(ops.add(p21, ops.mul(taut, u2x)), d2);
            p22 = ops.div(ops.add(p22, ops.mul(taut, u2y)), d2);
        }
        return ops.concat(1, List.of(u1, u2));
    }

    /** D along W: {@code fx0*u[j] + fx1*u[j+1]} for j &lt; W-1, 0 in the last column. */
    private Operand<TFloat32> forwardX(Operand<TFloat32> u, Operand<TFloat32> k0, Operand<TFloat32> k1) {
        long w = TfGraphOps.dims(u)[3];
        return ops.pad(
                ops.add(ops.mul(k0, ops.slice(u, 3, 0, w - 1)), ops.mul(k1, ops.slice(u, 3, 1, w - 1))), 3, 0, 1);
    }

    private Operand<TFloat32> forwardY(Operand<TFloat32> u, Operand<TFloat32> k0, Operand<TFloat32> k1) {
        long h = TfGraphOps.dims(u)[2];
        return ops.pad(
                ops.add(ops.mul(k0, ops.slice(u, 2, 0, h - 1)), ops.mul(k1, ops.slice(u, 2, 1, h - 1))), 2, 0, 1);
    }

    /** ops.div(p1, p2) over the zero-padded shift {@code q = [0, p[0..n-2], 0]} along W and H. */
    private Operand<TFloat32> divergence(
            Operand<TFloat32> p1,
            Operand<TFloat32> p2,
            Operand<TFloat32> dx0,
            Operand<TFloat32> dx1,
            Operand<TFloat32> dy0,
            Operand<TFloat32> dy1) {
        long h = TfGraphOps.dims(p1)[2];
        long w = TfGraphOps.dims(p1)[3];
        Operand<TFloat32> q1 = ops.pad(ops.slice(p1, 3, 0, w - 1), 3, 1, 1);
        Operand<TFloat32> q2 = ops.pad(ops.slice(p2, 2, 0, h - 1), 2, 1, 1);
        Operand<TFloat32> x = ops.add(ops.mul(dx0, ops.slice(q1, 3, 0, w)), ops.mul(dx1, ops.slice(q1, 3, 1, w)));
        Operand<TFloat32> y = ops.add(ops.mul(dy0, ops.slice(q2, 2, 0, h)), ops.mul(dy1, ops.slice(q2, 2, 1, h)));
        return ops.add(x, y);
    }

    /** Central differences with learnable taps inside, one-sided half differences at the border. */
    @SuppressWarnings("unchecked")
    private Operand<TFloat32>[] central(Operand<TFloat32> f, Operand<TFloat32> gx, Operand<TFloat32> gy) {
        return new Operand[] {centralAlong(f, gx, 3), centralAlong(f, gy, 2)};
    }

    private Operand<TFloat32> centralAlong(Operand<TFloat32> f, Operand<TFloat32> g, int axis) {
        long n = TfGraphOps.dims(f)[axis];
        Operand<TFloat32> first = ops.mul(ops.c(0.5f), ops.sub(ops.slice(f, axis, 1, 1), ops.slice(f, axis, 0, 1)));
        Operand<TFloat32> last =
                ops.mul(ops.c(0.5f), ops.sub(ops.slice(f, axis, n - 1, 1), ops.slice(f, axis, n - 2, 1)));
        List<Operand<TFloat32>> parts = new ArrayList<>();
        parts.add(first);
        if (n > 2) {
            parts.add(ops.add(
                    ops.add(
                            ops.mul(ops.tap(g, 0), ops.slice(f, axis, 0, n - 2)),
                            ops.mul(ops.tap(g, 1), ops.slice(f, axis, 1, n - 2))),
                    ops.mul(ops.tap(g, 2), ops.slice(f, axis, 2, n - 2))));
        }
        parts.add(last);
        return ops.concat(axis, parts);
    }

    /** 3x3 kernels per channel over the image with its border rows and columns repeated. */
    @SuppressWarnings("unchecked")
    private Operand<TFloat32>[] sobel(Operand<TFloat32> f, Operand<TFloat32> gx, Operand<TFloat32> gy) {
        long h = TfGraphOps.dims(f)[2];
        long w = TfGraphOps.dims(f)[3];
        Operand<TFloat32> rows = ops.concat(2, List.of(ops.slice(f, 2, 0, 1), f, ops.slice(f, 2, h - 1, 1)));
        Operand<TFloat32> padded = ops.concat(3, List.of(ops.slice(rows, 3, 0, 1), rows, ops.slice(rows, 3, w - 1, 1)));
        Operand<TFloat32> sx = null;
        Operand<TFloat32> sy = null;
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                Operand<TFloat32> window = ops.slice(ops.slice(padded, 2, a, h), 3, b, w);
                Operand<TFloat32> tx = ops.mul(ops.tap(gx, a, b), window);
                Operand<TFloat32> ty = ops.mul(ops.tap(gy, a, b), window);
                sx = sx == null ? tx : ops.add(sx, tx);
                sy = sy == null ? ty : ops.add(sy, ty);
            }
        }
        return new Operand[] {sx, sy};
    }

    /** Flow on frame pairs (t, t+1) of {@code [B,C,T,H,W]} → {@code [B,2C,T-1,H,W]}. */
    Operand<TFloat32> flowPairs(Operand<TFloat32> x, FlowParams p, FlowConfig config) {
        long[] d = TfGraphOps.dims(x);
        long b = d[0];
        long ch = d[1];
        long t = d[2];
        long h = d[3];
        long w = d[4];
        Operand<TFloat32> a =
                ops.reshape(ops.transpose(ops.slice(x, 2, 0, t - 1), 0, 2, 1, 3, 4), b * (t - 1), ch, h, w);
        Operand<TFloat32> z =
                ops.reshape(ops.transpose(ops.slice(x, 2, 1, t - 1), 0, 2, 1, 3, 4), b * (t - 1), ch, h, w);
        Operand<TFloat32> u = flow(a, z, p, config);
        return ops.transpose(ops.reshape(u, b, t - 1, 2 * ch, h, w), 0, 2, 1, 3, 4);
    }
}
