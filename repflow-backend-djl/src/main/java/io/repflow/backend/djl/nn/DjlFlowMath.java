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

/**
 * The flow layer of DESIGN §2 as PyTorch ops, written for few ops per iteration:
 * <ul>
 *   <li>u1 and u2 live in one tensor {@code U [N,2C,H,W]} (the output layout), the image gradients in
 *       {@code I = [Ix; Iy]}, so the thresholding step is one product, one sum and one clamp;</li>
 *   <li>the three branches are one clamp: {@code v = clamp(-rho/G, -l_t, l_t) * I} equals the case
 *       analysis (where G = eps, I = 0 and both give v = 0), and a clamp's gradient is the branch
 *       masks' (none through the masks);</li>
 *   <li>D and div are each one grouped 3x3 convolution over all 2C flow channels, with theta and
 *       tau/theta folded into the (tiny) kernels; {@code p = [px, py]} is kept interleaved per flow
 *       channel, which is exactly the divergence convolution's grouped input. The zero last column of
 *       {@code ux} (last row of {@code uy}) is a constant mask, so p stays 0 there and the zero-padded
 *       shift of div reads nothing else;</li>
 *   <li>every iteration runs in an {@link NDScope}, so only the state survives it (autograd keeps
 *       what it saved), and without autograd recording the updates are in place.</li>
 * </ul>
 */
final class DjlFlowMath {

    static final float EPS = 1e-12f;

    private DjlFlowMath() {
    }

    /** The parameter tensors of one layer, as the block's parameter store hands them out. */
    record Params(NDArray theta, NDArray lambda, NDArray tau, NDArray fx, NDArray fy, NDArray dx, NDArray dy,
                  NDArray gx, NDArray gy) {
    }

    /** u = [u1, u2] {@code [N,2C,H,W]}; the result belongs to {@code f1}'s manager, every temporary is closed. */
    static NDArray flow(NDArray f1, NDArray f2, Params p, int iterations, ImageGradient imageGradient) {
        boolean recording = JniUtils.isGradMode();
        Shape s = f1.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        NDManager manager = f1.getManager();
        try (NDScope outer = new NDScope()) {
            outer.suppressNotUsedWarning();
            NDArray image = imageGradient == ImageGradient.CENTRAL ? centralGradient(f2, p.gx(), p.gy()) : sobelGradient(f2, p.gx(), p.gy());
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
     * Under autograd: D and div as grouped 3x3 convolutions over all 2C flow channels (p interleaved as
     * (px, py) per channel), which keeps what autograd saves per iteration small.
     */
    private static NDArray iterateRecorded(NDArray image5, NDArray negInvG, NDArray rhoC, NDArray lt, NDArray taut,
                                           NDArray tautSqEps, Params p, int iterations) {
        Shape s = image5.getShape();
        long n = s.get(0);
        long c = s.get(2);
        long h = s.get(3);
        long w = s.get(4);
        NDManager manager = rhoC.getManager();
        NDArray divKernel = divergenceKernel(p.dx(), p.dy(), c).mul(p.theta());
        NDArray gradKernel = forwardGradientKernel(p.fx(), p.fy(), c).mul(taut);
        NDArray lastMask = lastColumnRowMask(manager, h, w).toType(rhoC.getDataType(), false);
        NDArray negLt = lt.neg();
        NDArray u = manager.zeros(new Shape(n, 2 * c, h, w), rhoC.getDataType());
        NDArray pxy = manager.zeros(new Shape(n, 4 * c, h, w), rhoC.getDataType());
        Shape pairs = new Shape(n, 2 * c, 2, h, w);
        Shape one = new Shape(1, 1);
        for (int k = 0; k < iterations; k++) {
            NDArray nextU;
            NDArray nextP;
            try (NDScope inner = new NDScope()) {
                inner.suppressNotUsedWarning();
                NDArray rho = image5.mul(u.reshape(n, 2, c, h, w)).sum(new int[] {1}).add(rhoC);
                NDArray coef = rho.mul(negInvG).maximum(negLt).minimum(lt);
                NDArray v = image5.mul(coef.expandDims(1)).reshape(n, 2 * c, h, w);
                NDArray div = Conv2d.conv2d(pxy, divKernel, null, one, one, one, (int) (2 * c)).singletonOrThrow();
                nextU = u.add(v).add(div);
                // E = (tau/theta) * D(u), last column of ux and last row of uy forced to 0
                NDArray e5 = Conv2d.conv2d(nextU, gradKernel, null, one, one, one, (int) (2 * c)).singletonOrThrow()
                        .reshape(pairs).mul(lastMask);
                NDArray d = e5.square().sum(new int[] {2}, true).add(tautSqEps).sqrt().add(1f);
                nextP = pxy.reshape(pairs).add(e5).div(d).reshape(n, 4 * c, h, w);
                NDScope.unregister(nextU, nextP);
            }
            u.close();
            pxy.close();
            NDScope.register(nextU);
            NDScope.register(nextP);
            u = nextU;
            pxy = nextP;
        }
        return u;
    }

    /**
     * Without autograd: D and div as shifted products with per-channel coefficients (cheaper than
     * grouped convolutions on CPU), every update in place.
     */
    private static NDArray iterateInPlace(NDArray image5, NDArray negInvG, NDArray rhoC, double lt, NDArray taut,
                                          double tse, Params p, int iterations) {
        Shape s = image5.getShape();
        long n = s.get(0);
        long c = s.get(2);
        long h = s.get(3);
        long w = s.get(4);
        NDManager manager = rhoC.getManager();
        NDArray fx0 = perChannel(p.fx(), 0, taut);
        NDArray fx1 = perChannel(p.fx(), 1, taut);
        NDArray fy0 = perChannel(p.fy(), 0, taut);
        NDArray fy1 = perChannel(p.fy(), 1, taut);
        NDArray dx0 = perChannel(p.dx(), 0, p.theta());
        NDArray dx1 = perChannel(p.dx(), 1, p.theta());
        NDArray dy0 = perChannel(p.dy(), 0, p.theta());
        NDArray dy1 = perChannel(p.dy(), 1, p.theta());
        Shape flow = new Shape(n, 2 * c, h, w);
        NDArray u = manager.zeros(flow, rhoC.getDataType());
        NDArray px = manager.zeros(flow, rhoC.getDataType());
        NDArray py = manager.zeros(flow, rhoC.getDataType());
        NDArray u5 = u.reshape(n, 2, c, h, w);
        NDIndex allButLastColumn = new NDIndex("..., :-1");
        NDIndex allButFirstColumn = new NDIndex("..., 1:");
        NDIndex allButLastRow = new NDIndex(":, :, :-1");
        NDIndex allButFirstRow = new NDIndex(":, :, 1:");
        // torch's pad order: (W before, W after, H before, H after)
        Shape left = new Shape(1, 0);
        Shape right = new Shape(0, 1);
        Shape top = new Shape(0, 0, 1, 0);
        Shape bottom = new Shape(0, 0, 0, 1);
        for (int k = 0; k < iterations; k++) {
            try (NDScope inner = new NDScope()) {
                inner.suppressNotUsedWarning();
                NDArray coef = image5.mul(u5).sum(new int[] {1}).addi(rhoC).muli(negInvG).clip(-lt, lt);
                NDArray v = image5.mul(coef.expandDims(1)).reshape(flow);
                // div: dx1*px[j] + dx0*px[j-1] (px is 0 in its last column), likewise along H
                u.addi(v).addi(px.mul(dx1)).addi(py.mul(dy1))
                        .addi(px.get(allButLastColumn).mul(dx0).pad(left, 0))
                        .addi(py.get(allButLastRow).mul(dy0).pad(top, 0));
                NDArray ex = u.get(allButLastColumn).mul(fx0).addi(u.get(allButFirstColumn).mul(fx1)).pad(right, 0);
                NDArray ey = u.get(allButLastRow).mul(fy0).addi(u.get(allButFirstRow).mul(fy1)).pad(bottom, 0);
                NDArray d = ex.square().addi(ey.square()).addi(tse).sqrt().addi(1f);
                px.addi(ex).divi(d);
                py.addi(ey).divi(d);
            }
        }
        return u;
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
        NDArray ix = border(f2, 3, w, () -> Conv2d.conv2d(f2, gx.reshape(c, 1, 1, 3), null, new Shape(1, 1), new Shape(0, 0),
                new Shape(1, 1), (int) c).singletonOrThrow());
        NDArray iy = border(f2, 2, h, () -> Conv2d.conv2d(f2, gy.reshape(c, 1, 3, 1), null, new Shape(1, 1), new Shape(0, 0),
                new Shape(1, 1), (int) c).singletonOrThrow());
        return ix.concat(iy, 1);
    }

    private static NDArray border(NDArray f2, int axis, long size, java.util.function.Supplier<NDArray> interior) {
        NDArray first = slice(f2, axis, 1, 2).sub(slice(f2, axis, 0, 1)).mul(DjlOwnedArrays.scalar(f2, 0.5));
        NDArray last = slice(f2, axis, size - 1, size).sub(slice(f2, axis, size - 2, size - 1)).mul(DjlOwnedArrays.scalar(f2, 0.5));
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
        return Conv2d.conv2d(twice, kernels, null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), (int) (2 * c)).singletonOrThrow();
    }

    /**
     * Grouped kernel {@code [4C,1,3,3]}: for flow channel k (image channel k mod C), output 2k is
     * {@code fx0*u[i,j] + fx1*u[i,j+1]} and output 2k+1 is {@code fy0*u[i,j] + fy1*u[i+1,j]}.
     */
    private static NDArray forwardGradientKernel(NDArray fx, NDArray fy, long c) {
        NDManager m = fx.getManager();
        // taps placed at (1,1),(1,2) for x and (1,1),(2,1) for y through constant selector matrices
        NDArray selectX = DjlOwnedArrays.copyOf(m, new float[] {0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0}, new Shape(2, 9));
        NDArray selectY = DjlOwnedArrays.copyOf(m, new float[] {0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0}, new Shape(2, 9));
        NDArray kx = fx.matMul(selectX.toType(fx.getDataType(), false));
        NDArray ky = fy.matMul(selectY.toType(fy.getDataType(), false));
        NDArray perChannel = kx.stack(ky, 1); // [C, 2, 9]
        return perChannel.concat(perChannel, 0).reshape(4 * c, 1, 3, 3);
    }

    /**
     * Grouped kernel {@code [2C,2,3,3]} over the interleaved {@code (px, py)} of each flow channel:
     * {@code dx0*px[i,j-1] + dx1*px[i,j] + dy0*py[i-1,j] + dy1*py[i,j]}.
     */
    private static NDArray divergenceKernel(NDArray dx, NDArray dy, long c) {
        NDManager m = dx.getManager();
        NDArray selectX = DjlOwnedArrays.copyOf(m, new float[] {0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0}, new Shape(2, 9));
        NDArray selectY = DjlOwnedArrays.copyOf(m, new float[] {0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0}, new Shape(2, 9));
        NDArray kx = dx.matMul(selectX.toType(dx.getDataType(), false));
        NDArray ky = dy.matMul(selectY.toType(dy.getDataType(), false));
        NDArray perChannel = kx.stack(ky, 1); // [C, 2, 9]
        return perChannel.concat(perChannel, 0).reshape(2 * c, 2, 3, 3);
    }

    /** {@code [2,H,W]}: 0 on the last column for ux and the last row for uy, else 1. */
    private static NDArray lastColumnRowMask(NDManager manager, long h, long w) {
        float[] mask = new float[(int) (2 * h * w)];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                mask[(int) (i * w + j)] = j == w - 1 ? 0f : 1f;
                mask[(int) (h * w + i * w + j)] = i == h - 1 ? 0f : 1f;
            }
        }
        return DjlOwnedArrays.copyOf(manager, mask, new Shape(2, h, w));
    }
}
