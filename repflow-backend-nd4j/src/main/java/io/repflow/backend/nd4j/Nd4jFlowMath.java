package io.repflow.backend.nd4j;

import io.repflow.api.FlowConfig;
import io.repflow.api.FlowParameter;
import io.repflow.api.ImageGradient;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The flow layer of design rules 2.1–2.11 as a SameDiff function: F1, F2 {@code [N,C,H,W]} → u {@code [N,2C,H,W]},
 * every TV-L1 iteration unrolled so that SameDiff differentiates it.
 *
 * <p>The two flow components are stacked on the channel axis ({@code U = [u1; u2]}, and likewise
 * the dual variables {@code PX = [p11; p21]}, {@code PY = [p12; p22]}), so each iteration runs one op
 * per step for both components. The thresholding step is written as
 * {@code v = clamp(-rho/G, -lambda*theta, lambda*theta) * I}, which takes the same branch as the
 * three cases of §2 and, like them, sends no gradient through the choice of branch. It also
 * covers "0 where G &le; eps": there I = 0.
 */
final class Nd4jFlowMath {

    /** The eps of design rule 2.7. */
    static final double EPS = 1e-12;

    private Nd4jFlowMath() {}

    /** The nine parameters of one flow layer, looked up in the graph as {@code prefix + key}. */
    record Variables(
            SDVariable theta,
            SDVariable lambda,
            SDVariable tau,
            SDVariable fx,
            SDVariable fy,
            SDVariable dx,
            SDVariable dy,
            SDVariable gx,
            SDVariable gy) {

        static Variables lookup(SameDiff sd, String prefix) {
            return new Variables(
                    v(sd, prefix, FlowParameter.THETA),
                    v(sd, prefix, FlowParameter.LAMBDA),
                    v(sd, prefix, FlowParameter.TAU),
                    v(sd, prefix, FlowParameter.FX),
                    v(sd, prefix, FlowParameter.FY),
                    v(sd, prefix, FlowParameter.DX),
                    v(sd, prefix, FlowParameter.DY),
                    v(sd, prefix, FlowParameter.GX),
                    v(sd, prefix, FlowParameter.GY));
        }

        private static SDVariable v(SameDiff sd, String prefix, FlowParameter p) {
            SDVariable v = sd.getVariable(prefix + p.key());
            if (v == null) {
                throw new IllegalStateException("flow parameter '" + prefix + p.key() + "' is not in the graph");
            }
            return v;
        }
    }

    /**
     * Adds the layer to {@code sd}.
     *
     * @param nchw the static input shape N, C, H, W
     * @return u, {@code [N,2C,H,W]}, x-flow channels first
     */
    static SDVariable apply(SameDiff sd, FlowConfig config, Variables p, SDVariable f1, SDVariable f2, long[] nchw) {
        long c = nchw[1];
        long h = nchw[2];
        long w = nchw[3];
        SDVariable ix;
        SDVariable iy;
        if (config.imageGradient() == ImageGradient.CENTRAL) {
            ix = central(sd, f2, p.gx(), 3, w, c);
            iy = central(sd, f2, p.gy(), 2, h, c);
        } else {
            SDVariable[] g = sobel(sd, f2, p.gx(), p.gy(), c, h, w);
            ix = g[0];
            iy = g[1];
        }
        SDVariable g = ix.mul(ix).add(iy.mul(iy)).add(EPS);
        SDVariable negInvG = g.rdiv(-1.0);
        SDVariable rhoC = f2.sub(f1).add(EPS);
        SDVariable lt = p.lambda().mul(p.theta());
        SDVariable taut = p.tau().div(p.theta());
        // full-shape bounds: in M2.1 the gradients of maximum/minimum are only right for equal shapes
        SDVariable upper = sd.zerosLike(rhoC).add(lt);
        SDVariable lower = upper.neg();
        SDVariable ixy = sd.concat(1, ix, iy);

        // per-channel kernels, stacked for [u1; u2]; ux = 0 on the last column, uy = 0 on the last row.
        // They and the scalars are broadcast to the full [N,2C,H,W] once, outside the iterations: SameDiff's
        // multiply_bp is several times slower when it has to reduce a broadcast operand, and the loop would
        // pay that for every product of every iteration.
        long[] stacked = {nchw[0], 2 * c, h, w};
        SDVariable ones = sd.constant(Nd4j.ones(DataType.FLOAT, stacked));
        SDVariable fx0 = ones.mul(Nd4jGraphOps.stackedTap(sd, p.fx(), 0, c).mul(Nd4jGraphOps.lastMask(sd, 3, w)));
        SDVariable fx1 = ones.mul(Nd4jGraphOps.stackedTap(sd, p.fx(), 1, c));
        SDVariable fy0 = ones.mul(Nd4jGraphOps.stackedTap(sd, p.fy(), 0, c).mul(Nd4jGraphOps.lastMask(sd, 2, h)));
        SDVariable fy1 = ones.mul(Nd4jGraphOps.stackedTap(sd, p.fy(), 1, c));
        SDVariable dx0 = ones.mul(Nd4jGraphOps.stackedTap(sd, p.dx(), 0, c));
        SDVariable dx1 = ones.mul(Nd4jGraphOps.stackedTap(sd, p.dx(), 1, c));
        SDVariable dy0 = ones.mul(Nd4jGraphOps.stackedTap(sd, p.dy(), 0, c));
        SDVariable dy1 = ones.mul(Nd4jGraphOps.stackedTap(sd, p.dy(), 1, c));
        SDVariable thetaFull = ones.mul(p.theta());
        SDVariable tautFull = ones.mul(taut);
        SDVariable edgeW = Nd4jGraphOps.edgeZeros(sd, stacked, 3);
        SDVariable edgeH = Nd4jGraphOps.edgeZeros(sd, stacked, 2);

        SDVariable u = null;
        SDVariable px = null;
        SDVariable py = null;
        for (int k = 0; k < config.iterations(); k++) {
            SDVariable rho = u == null ? rhoC : rhoC.add(sumHalves(ixy.mul(u), nchw));
            SDVariable s = sd.math.min(sd.math.max(rho.mul(negInvG), lower), upper);
            SDVariable v = ixy.mul(sd.concat(1, s, s));
            if (u == null) {
                u = v;
            } else {
                // div(p) = dx0*q[j] + dx1*q[j+1] over q = [0, p[0..W-2], 0]; p is 0 on the last column
                // (and row) at every iteration because ux (uy) is, so dx1*p needs no mask
                SDVariable div = dx0.mul(Nd4jGraphOps.shift(sd, px, 3, w, -1, edgeW))
                        .add(dx1.mul(px))
                        .add(dy0.mul(Nd4jGraphOps.shift(sd, py, 2, h, -1, edgeH)))
                        .add(dy1.mul(py));
                u = u.add(v).add(div.mul(thetaFull));
            }
            SDVariable ux = fx0.mul(u).add(fx1.mul(Nd4jGraphOps.shift(sd, u, 3, w, 1, edgeW)));
            SDVariable uy = fy0.mul(u).add(fy1.mul(Nd4jGraphOps.shift(sd, u, 2, h, 1, edgeH)));
            SDVariable den = sd.math
                    .sqrt(ux.mul(ux).add(uy.mul(uy)).add(EPS))
                    .mul(tautFull)
                    .add(1.0);
            SDVariable tx = ux.mul(tautFull);
            SDVariable ty = uy.mul(tautFull);
            px = (px == null ? tx : px.add(tx)).div(den);
            py = (py == null ? ty : py.add(ty)).div(den);
        }
        return u;
    }

    /**
     * u1*Ix + u2*Iy from the stacked product: the sum of the two channel halves, as one reduction over
     * a [N,2,C,H,W] view (two slices and an add cost three ops and their gradients).
     */
    private static SDVariable sumHalves(SDVariable stacked, long[] nchw) {
        return stacked.reshape(nchw[0], 2, nchw[1], nchw[2], nchw[3]).sum(1);
    }

    /**
     * CENTRAL along {@code axis} (length {@code len}): the learnable 3-tap cross-correlation inside,
     * one-sided half differences of F2 at both borders.
     */
    private static SDVariable central(SameDiff sd, SDVariable f2, SDVariable taps, int axis, long len, long c) {
        SDVariable first = Nd4jGraphOps.slice(f2, 4, axis, 1, 2)
                .sub(Nd4jGraphOps.slice(f2, 4, axis, 0, 1))
                .mul(0.5);
        SDVariable last = Nd4jGraphOps.slice(f2, 4, axis, len - 1, len)
                .sub(Nd4jGraphOps.slice(f2, 4, axis, len - 2, len - 1))
                .mul(0.5);
        if (len == 2) {
            return sd.concat(axis, first, last);
        }
        SDVariable inner = Nd4jGraphOps.tap(sd, taps, 0, c)
                .mul(Nd4jGraphOps.slice(f2, 4, axis, 0, len - 2))
                .add(Nd4jGraphOps.tap(sd, taps, 1, c).mul(Nd4jGraphOps.slice(f2, 4, axis, 1, len - 1)))
                .add(Nd4jGraphOps.tap(sd, taps, 2, c).mul(Nd4jGraphOps.slice(f2, 4, axis, 2, len)));
        return sd.concat(axis, first, inner, last);
    }

    /** SOBEL: per-channel 3x3 cross-correlations ({@code gx, gy [C,3,3]}) over F2 with replicated borders. */
    private static SDVariable[] sobel(
            SameDiff sd, SDVariable f2, SDVariable gx, SDVariable gy, long c, long h, long w) {
        SDVariable padded = Nd4jGraphOps.replicatePad(sd, Nd4jGraphOps.replicatePad(sd, f2, 3, w), 2, h);
        SDVariable ix = null;
        SDVariable iy = null;
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                SDVariable window = Nd4jGraphOps.slice(Nd4jGraphOps.slice(padded, 4, 2, a, a + h), 4, 3, b, b + w);
                SDVariable tx = Nd4jGraphOps.tap(sd, gx, a, b, c).mul(window);
                SDVariable ty = Nd4jGraphOps.tap(sd, gy, a, b, c).mul(window);
                ix = ix == null ? tx : ix.add(tx);
                iy = iy == null ? ty : iy.add(ty);
            }
        }
        return new SDVariable[] {ix, iy};
    }
}
