package io.repflow.backend.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.JniUtils;
import io.repflow.api.ImageGradient;
import io.repflow.backend.djl.internal.DjlOwnedArrays;

/**
 * The flow layer of design rules 2.1–2.11 as PyTorch ops, written for few ops per iteration:
 * <ul>
 *   <li>u1 and u2 live in one tensor {@code U [N,2C,H,W]} (the output layout), the image gradients in
 *       {@code I = [Ix; Iy]}, so the thresholding step is one product, one sum and one clamp;</li>
 *   <li>the three branches are one clamp: {@code v = clamp(-rho/G, -l_t, l_t) * I} equals the case
 *       analysis (where G = eps, I = 0 and both give v = 0), and a clamp's gradient is the branch
 *       masks' (none through the masks);</li>
 *   <li>D and div are two-tap products on shifted slices with per-channel coefficients, theta and
 *       tau/theta folded into them; D's zero last column (row) is a zero pad, so p stays 0 there and
 *       the zero-padded shift of div reads nothing else;</li>
 *   <li>every iteration runs in an {@link NDScope}, so only the state survives it (autograd keeps
 *       what it saved), and without autograd recording the updates are in place.</li>
 * </ul>
 */
final class DjlFlowMath {

    static final float EPS = 1e-12f;

    private DjlFlowMath() {}

    /** The parameter tensors of one layer, as the block's parameter store hands them out. */
    record Params(
            NDArray theta,
            NDArray lambda,
            NDArray tau,
            NDArray fx,
            NDArray fy,
            NDArray dx,
            NDArray dy,
            NDArray gx,
            NDArray gy) {}

    /** u = [u1, u2] {@code [N,2C,H,W]}; the result belongs to {@code f1}'s manager, every temporary is closed. */
    static NDArray flow(NDArray f1, NDArray f2, Params p, int iterations, ImageGradient imageGradient) {
        boolean recording = JniUtils.isGradMode();
        Shape s = f1.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        try (NDScope outer = new NDScope()) {
            outer.suppressNotUsedWarning();
            NDArray image = imageGradient == ImageGradient.CENTRAL
                    ? centralGradient(f2, p.gx(), p.gy())
                    : sobelGradient(f2, p.gx(), p.gy());
            NDArray image5 = image.reshape(n, 2, c, h, w);
            // G = Ix^2 + Iy^2 + eps; the iteration only needs -1/G
            NDArray negInvG = image5.square().sum(new int[] {1}).add(EPS);
            negInvG = DjlOwnedArrays.scalar(negInvG, -1).div(negInvG);
            NDArray rhoC = f2.sub(f1).add(EPS);

            NDArray lt = p.lambda().mul(p.theta());
            NDArray taut = p.tau().div(p.theta());
            NDArray tautSqEps = taut.square().mul(DjlOwnedArrays.scalar(taut, EPS));
            NDArray u = recording
                    ? iterateRecorded(image5, negInvG, rhoC, lt, taut, tautSqEps, p, iterations)
                    : iterateInPlace(image5, negInvG, rhoC, scalar(lt), taut, scalar(tautSqEps), p, iterations);
            NDScope.unregister(u);
            return u;
        }
    }

    /**
     * Under autograd: D and div as shifted products with per-channel coefficients, out of place. Two-tap
     * products on slices cost a fraction of grouped 3x3 convolutions (which multiply seven zero taps too),
     * forward and backward.
     */
    private static NDArray iterateRecorded(
            NDArray image5,
            NDArray negInvG,
            NDArray rhoC,
            NDArray lt,
            NDArray taut,
            NDArray tautSqEps,
            Params p,
            int iterations) {
        Shape s = image5.getShape();
        long n = s.get(0);
        long c = s.get(2);
        long h = s.get(3);
        long w = s.get(4);
        NDManager manager = rhoC.getManager();
        Taps taps = new Taps(p, taut);
        NDArray negLt = lt.neg();
        Shape flow = new Shape(n, 2 * c, h, w);
        NDArray u = manager.zeros(flow, rhoC.getDataType());
        NDArray px = manager.zeros(flow, rhoC.getDataType());
        NDArray py = manager.zeros(flow, rhoC.getDataType());
        for (int k = 0; k < iterations; k++) {
            NDArray nextU;
            NDArray nextPx;
            NDArray nextPy;
            try (NDScope inner = new NDScope()) {
                inner.suppressNotUsedWarning();
                NDArray rho =
                        image5.mul(u.reshape(n, 2, c, h, w)).sum(new int[] {1}).add(rhoC);
                NDArray coef = rho.mul(negInvG).maximum(negLt).minimum(lt);
                NDArray v = image5.mul(coef.expandDims(1)).reshape(flow);
                nextU = u.add(v).add(taps.divergence(px, py));
                NDArray ex = taps.dx(nextU);
                NDArray ey = taps.dy(nextU);
                NDArray d = ex.square().add(ey.square()).add(tautSqEps).sqrt().add(1f);
                nextPx = px.add(ex).div(d);
                nextPy = py.add(ey).div(d);
                NDScope.unregister(nextU, nextPx, nextPy);
            }
            u.close();
            px.close();
            py.close();
            NDScope.register(nextU);
            NDScope.register(nextPx);
            NDScope.register(nextPy);
            u = nextU;
            px = nextPx;
            py = nextPy;
        }
        return u;
    }

    /**
     * Without autograd: the same shifted products, every update of the state in place (no graph keeps
     * the old values).
     */
    private static NDArray iterateInPlace(
            NDArray image5,
            NDArray negInvG,
            NDArray rhoC,
            double lt,
            NDArray taut,
            double tse,
            Params p,
            int iterations) {
        Shape s = image5.getShape();
        long n = s.get(0);
        long c = s.get(2);
        long h = s.get(3);
        long w = s.get(4);
        NDManager manager = rhoC.getManager();
        Taps taps = new Taps(p, taut);
        Shape flow = new Shape(n, 2 * c, h, w);
        NDArray u = manager.zeros(flow, rhoC.getDataType());
        NDArray px = manager.zeros(flow, rhoC.getDataType());
        NDArray py = manager.zeros(flow, rhoC.getDataType());
        NDArray u5 = u.reshape(n, 2, c, h, w);
        for (int k = 0; k < iterations; k++) {
            try (NDScope inner = new NDScope()) {
                inner.suppressNotUsedWarning();
                NDArray coef = image5.mul(u5)
                        .sum(new int[] {1})
                        .addi(rhoC)
                        .muli(negInvG)
                        .clip(-lt, lt);
                NDArray v = image5.mul(coef.expandDims(1)).reshape(flow);
                u.addi(v).addi(taps.divergence(px, py));
                NDArray ex = taps.dx(u);
                NDArray ey = taps.dy(u);
                NDArray d = ex.square().addi(ey.square()).addi(tse).sqrt().addi(1f);
                px.addi(ex).divi(d);
                py.addi(ey).divi(d);
            }
        }
        return u;
    }

    /**
     * The two-tap kernels as per-channel coefficients {@code [1,2C,1,1]} for both flow halves: D's taps
     * times tau/theta, div's times theta, so that an iteration needs no further scaling.
     */
    private static final class Taps {
        // torch's pad order: (W before, W after, H before, H after)
        private static final Shape LEFT = new Shape(1, 0);
        private static final Shape RIGHT = new Shape(0, 1);
        private static final Shape TOP = new Shape(0, 0, 1, 0);
        private static final Shape BOTTOM = new Shape(0, 0, 0, 1);
        // NDIndex is mutable: one set per layer call, not shared statics
        private final NDIndex allButLastColumn = new NDIndex("..., :-1");
        private final NDIndex allButFirstColumn = new NDIndex("..., 1:");
        private final NDIndex allButLastRow = new NDIndex(":, :, :-1");
        private final NDIndex allButFirstRow = new NDIndex(":, :, 1:");

        private final NDArray fx0;
        private final NDArray fx1;
        private final NDArray fy0;
        private final NDArray fy1;
        private final NDArray dx0;
        private final NDArray dx1;
        private final NDArray dy0;
        private final NDArray dy1;

        Taps(Params p, NDArray taut) {
            fx0 = perChannel(p.fx(), 0, taut);
            fx1 = perChannel(p.fx(), 1, taut);
            fy0 = perChannel(p.fy(), 0, taut);
            fy1 = perChannel(p.fy(), 1, taut);
            dx0 = perChannel(p.dx(), 0, p.theta());
            dx1 = perChannel(p.dx(), 1, p.theta());
            dy0 = perChannel(p.dy(), 0, p.theta());
            dy1 = perChannel(p.dy(), 1, p.theta());
        }

        /** (tau/theta) * D(u) along W: {@code fx0*u[j] + fx1*u[j+1]}, 0 in the last column. */
        NDArray dx(NDArray u) {
            return u.get(allButLastColumn)
                    .mul(fx0)
                    .add(u.get(allButFirstColumn).mul(fx1))
                    .pad(RIGHT, 0);
        }

        /** (tau/theta) * D(u) along H: {@code fy0*u[i] + fy1*u[i+1]}, 0 in the last row. */
        NDArray dy(NDArray u) {
            return u.get(allButLastRow)
                    .mul(fy0)
                    .add(u.get(allButFirstRow).mul(fy1))
                    .pad(BOTTOM, 0);
        }

        /** theta * div(p): {@code dx1*px[j] + dx0*px[j-1] + dy1*py[i] + dy0*py[i-1]} (p is 0 in its last column/row). */
        NDArray divergence(NDArray px, NDArray py) {
            return px.mul(dx1)
                    .add(py.mul(dy1))
                    .add(px.get(allButLastColumn).mul(dx0).pad(LEFT, 0))
                    .add(py.get(allButLastRow).mul(dy0).pad(TOP, 0));
        }
    }

    private static double scalar(NDArray a) {
        return a.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
    }

    /** Column {@code col} of per-channel taps {@code [C,2]} times a scalar, as {@code [1,2C,1,1]} for both flow halves. */
    static NDArray perChannel(NDArray taps, int col, NDArray scale) {
        long c = taps.getShape().get(0);
        NDArray column = taps.get(new NDIndex(":, {}", col)).mul(scale);
        return column.concat(column, 0).reshape(1, 2 * c, 1, 1);
    }

    /**
     * {@code [Ix; Iy] [N,2C,H,W]} with the learnable 3-tap kernels inside and OpenCV's one-sided half
     * differences on the border columns (rows), all from F2.
     */
    static NDArray centralGradient(NDArray f2, NDArray gx, NDArray gy) {
        long c = f2.getShape().get(1);
        long h = f2.getShape().get(2);
        long w = f2.getShape().get(3);
        NDArray ix = border(
                f2,
                3,
                w,
                () -> Conv2d.conv2d(
                                f2,
                                gx.reshape(c, 1, 1, 3),
                                null,
                                new Shape(1, 1),
                                new Shape(0, 0),
                                new Shape(1, 1),
                                (int) c)
                        .singletonOrThrow());
        NDArray iy = border(
                f2,
                2,
                h,
                () -> Conv2d.conv2d(
                                f2,
                                gy.reshape(c, 1, 3, 1),
                                null,
                                new Shape(1, 1),
                                new Shape(0, 0),
                                new Shape(1, 1),
                                (int) c)
                        .singletonOrThrow());
        return ix.concat(iy, 1);
    }

    private static NDArray border(NDArray f2, int axis, long size, java.util.function.Supplier<NDArray> interior) {
        NDArray first = slice(f2, axis, 1, 2).sub(slice(f2, axis, 0, 1)).mul(DjlOwnedArrays.scalar(f2, 0.5));
        NDArray last = slice(f2, axis, size - 1, size)
                .sub(slice(f2, axis, size - 2, size - 1))
                .mul(DjlOwnedArrays.scalar(f2, 0.5));
        if (size == 2) {
            return first.concat(last, axis);
        }
        return NDArrays.concat(new NDList(first, interior.get(), last), axis);
    }

    private static NDArray slice(NDArray x, int axis, long from, long to) {
        return axis == 3 ? x.get(new NDIndex("..., {}:{}", from, to)) : x.get(new NDIndex(":, :, {}:{}", from, to));
    }

    /** 3x3 kernels divided by 8 (or learnt), on F2 with replicated borders. */
    static NDArray sobelGradient(NDArray f2, NDArray gx, NDArray gy) {
        long c = f2.getShape().get(1);
        long h = f2.getShape().get(2);
        long w = f2.getShape().get(3);
        NDArray rows = NDArrays.concat(new NDList(slice(f2, 2, 0, 1), f2, slice(f2, 2, h - 1, h)), 2);
        NDArray padded = NDArrays.concat(new NDList(slice(rows, 3, 0, 1), rows, slice(rows, 3, w - 1, w)), 3);
        NDArray kernels = gx.reshape(c, 1, 3, 3).concat(gy.reshape(c, 1, 3, 3), 0);
        // the input is repeated once so that one grouped convolution yields [Ix (C); Iy (C)]
        NDArray twice = padded.concat(padded, 1);
        return Conv2d.conv2d(twice, kernels, null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), (int) (2 * c))
                .singletonOrThrow();
    }
}
