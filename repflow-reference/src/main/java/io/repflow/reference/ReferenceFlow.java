package io.repflow.reference;

import io.repflow.api.FlowConfig;
import io.repflow.api.FlowParameter;
import io.repflow.api.HostTensor;
import io.repflow.api.ImageGradient;
import io.repflow.api.Shape;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The flow layer of design rules 2.1–2.12 in plain float64 Java, with an exact hand-written reverse pass for the
 * inputs and every parameter. This is the yardstick every backend is measured against; it favours
 * being obviously equal to the text over speed. Each (n, c) plane is computed on its own and the
 * per-channel kernel gradients are summed over planes.
 */
public final class ReferenceFlow {

    /** The eps of design rule 2.7. */
    public static final double EPS = 1e-12;

    /**
     * Deliberate departures from the design rules (rule 2.14), used only by the TCK's tests of itself to prove that the
     * contracts catch them.
     */
    public enum Variant {
        EXACT,
        /** The border image gradient taken from F1 instead of F2 (as the authors' code does). */
        BORDER_FROM_F1,
        /** tau fixed at its default whatever the parameter says. */
        TAU_IGNORED
    }

    private final FlowConfig config;
    private final Variant variant;
    private final Map<FlowParameter, DoubleTensor> params = new EnumMap<>(FlowParameter.class);

    /** A layer with the configured initial parameters. */
    public ReferenceFlow(FlowConfig config) {
        this(config, Variant.EXACT);
    }

    /** A layer that departs from the rules as {@code variant} says (the TCK's self-test only). */
    public ReferenceFlow(FlowConfig config, Variant variant) {
        this.config = config;
        this.variant = variant;
        for (FlowParameter p : FlowParameter.values()) {
            params.put(p, DoubleTensor.of(p.initial(config)));
        }
    }

    public FlowConfig config() {
        return config;
    }

    /** Current value of a parameter (a copy). */
    public DoubleTensor parameter(FlowParameter p) {
        return params.get(p).copy();
    }

    /** Replaces a parameter; the shape must match {@link FlowParameter#shape}. */
    public void setParameter(FlowParameter p, DoubleTensor value) {
        Shape expected = p.shape(config);
        if (!value.shape().equals(expected)) {
            throw new IllegalArgumentException(
                    "flow parameter '" + p.key() + "' has shape " + expected + ", got " + value.shape());
        }
        params.put(p, value.copy());
    }

    public void setParameter(FlowParameter p, HostTensor value) {
        setParameter(p, DoubleTensor.of(value));
    }

    /** All parameters by key, as float32. */
    public Map<String, HostTensor> parameters() {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        params.forEach((p, v) -> out.put(p.key(), v.toHost()));
        return out;
    }

    /** u = [u1, u2] of shape [N, 2C, H, W] for F1, F2 of shape [N, C, H, W]. */
    public DoubleTensor forward(DoubleTensor f1, DoubleTensor f2) {
        Geometry g = Geometry.of(f1, f2, config);
        DoubleTensor out = new DoubleTensor(Shape.of(g.n, 2 * g.c, g.h, g.w));
        for (int n = 0; n < g.n; n++) {
            for (int c = 0; c < g.c; c++) {
                Plane plane = new Plane(g, c, slice(f1, g, n, c), slice(f2, g, n, c), false);
                put(out, g, n, c, plane.u1);
                put(out, g, n, g.c + c, plane.u2);
            }
        }
        return out;
    }

    /** Gradients of a scalar loss whose gradient with respect to u is {@code gradU}. */
    public FlowGradients backward(DoubleTensor f1, DoubleTensor f2, DoubleTensor gradU) {
        Geometry g = Geometry.of(f1, f2, config);
        Shape outShape = Shape.of(g.n, 2 * g.c, g.h, g.w);
        if (!gradU.shape().equals(outShape)) {
            throw new IllegalArgumentException("gradient of u has shape " + gradU.shape() + ", expected " + outShape);
        }
        DoubleTensor gf1 = DoubleTensor.zerosLike(f1);
        DoubleTensor gf2 = DoubleTensor.zerosLike(f2);
        Map<FlowParameter, DoubleTensor> gp = new EnumMap<>(FlowParameter.class);
        for (FlowParameter p : FlowParameter.values()) {
            gp.put(p, new DoubleTensor(p.shape(config)));
        }
        for (int n = 0; n < g.n; n++) {
            for (int c = 0; c < g.c; c++) {
                Plane plane = new Plane(g, c, slice(f1, g, n, c), slice(f2, g, n, c), true);
                plane.backward(slice(gradU, g, n, c), slice(gradU, g, n, g.c + c));
                put(gf1, g, n, c, plane.gF1);
                put(gf2, g, n, c, plane.gF2);
                plane.accumulate(gp);
            }
        }
        Map<String, DoubleTensor> byName = new LinkedHashMap<>();
        gp.forEach((p, v) -> byName.put(p.key(), v));
        return new FlowGradients(gf1, gf2, byName);
    }

    /**
     * The smallest relative distance of any thresholding decision to its threshold, over every
     * pixel and iteration: {@code min |rho -/+ lambda*theta*G| / max(1, |rho|, lambda*theta*G)}. Inputs
     * with a margin well above float32 rounding give the same branches in float32 and float64, so
     * their gradients can be compared element by element.
     */
    public double branchMargin(DoubleTensor f1, DoubleTensor f2) {
        Geometry g = Geometry.of(f1, f2, config);
        double margin = Double.POSITIVE_INFINITY;
        for (int n = 0; n < g.n; n++) {
            for (int c = 0; c < g.c; c++) {
                Plane plane = new Plane(g, c, slice(f1, g, n, c), slice(f2, g, n, c), true);
                margin = Math.min(margin, plane.margin());
            }
        }
        return margin;
    }

    /** Gradients of the inputs and of every parameter (learnable or not), by parameter key. */
    public record FlowGradients(DoubleTensor f1, DoubleTensor f2, Map<String, DoubleTensor> parameters) {}

    private static double[] slice(DoubleTensor t, Geometry g, int n, int channel) {
        double[] plane = new double[g.hw];
        int channels = t.dim(1);
        System.arraycopy(t.data, (n * channels + channel) * g.hw, plane, 0, g.hw);
        return plane;
    }

    private static void put(DoubleTensor t, Geometry g, int n, int channel, double[] plane) {
        int channels = t.dim(1);
        System.arraycopy(plane, 0, t.data, (n * channels + channel) * g.hw, g.hw);
    }

    private record Geometry(int n, int c, int h, int w, int hw) {
        static Geometry of(DoubleTensor f1, DoubleTensor f2, FlowConfig config) {
            Shape s = f1.shape();
            if (s.rank() != 4
                    || !s.equals(f2.shape())
                    || s.dim(1) != config.channels()
                    || s.dim(2) < 2
                    || s.dim(3) < 2) {
                throw new IllegalArgumentException("reference flow needs F1, F2 of equal shape [N, " + config.channels()
                        + ", H>=2, W>=2]; got " + s + " and " + f2.shape());
            }
            return new Geometry(s.dim(0), s.dim(1), s.dim(2), s.dim(3), s.dim(2) * s.dim(3));
        }
    }

    /** One (n, c) plane: forward with every iterate kept when a backward pass follows. */
    private final class Plane {
        private final Geometry g;
        private final int h;
        private final int w;
        private final int c;
        private final double[] f2;
        private final double theta;
        private final double lambda;
        private final double tau;
        private final double lt;
        private final double taut;
        private final double[] fx;
        private final double[] fy;
        private final double[] dx;
        private final double[] dy;
        private final double[] gx;
        private final double[] gy;
        private final double[] ix;
        private final double[] iy;
        private final double[] gg;
        private final double[] rhoC;
        // iterates: index k holds the state before iteration k (k = 0..n); only the last is kept without backward
        private final double[][] u1s;
        private final double[][] u2s;
        private final double[][][] ps;
        double[] u1;
        double[] u2;
        double[] gF1;
        double[] gF2;
        // parameter gradients of this plane
        private double gTheta;
        private double gLambda;
        private double gTau;
        private final double[] gFx = new double[2];
        private final double[] gFy = new double[2];
        private final double[] gDx = new double[2];
        private final double[] gDy = new double[2];
        private final double[] gGx;
        private final double[] gGy;

        Plane(Geometry g, int c, double[] f1, double[] f2, boolean keep) {
            this.g = g;
            this.h = g.h;
            this.w = g.w;
            this.c = c;
            this.f2 = f2;
            theta = params.get(FlowParameter.THETA).data[0];
            lambda = params.get(FlowParameter.LAMBDA).data[0];
            tau = variant == Variant.TAU_IGNORED ? FlowConfig.DEFAULT_TAU : params.get(FlowParameter.TAU).data[0];
            lt = lambda * theta;
            taut = tau / theta;
            fx = row(FlowParameter.FX, 2);
            fy = row(FlowParameter.FY, 2);
            dx = row(FlowParameter.DX, 2);
            dy = row(FlowParameter.DY, 2);
            int taps = config.imageGradient() == ImageGradient.CENTRAL ? 3 : 9;
            gx = row(FlowParameter.GX, taps);
            gy = row(FlowParameter.GY, taps);
            gGx = new double[taps];
            gGy = new double[taps];

            ix = new double[g.hw];
            iy = new double[g.hw];
            imageGradient(f2, variant == Variant.BORDER_FROM_F1 ? f1 : f2, ix, iy);
            gg = new double[g.hw];
            rhoC = new double[g.hw];
            for (int i = 0; i < g.hw; i++) {
                gg[i] = ix[i] * ix[i] + iy[i] * iy[i] + EPS;
                rhoC[i] = f2[i] - f1[i];
            }
            int iters = config.iterations();
            int kept = keep ? iters + 1 : 1;
            u1s = new double[kept][];
            u2s = new double[kept][];
            ps = new double[kept][][];
            double[] a1 = new double[g.hw];
            double[] a2 = new double[g.hw];
            double[][] p = new double[4][g.hw];
            if (keep) {
                u1s[0] = a1;
                u2s[0] = a2;
                ps[0] = p;
            }
            for (int k = 0; k < iters; k++) {
                Step s = step(a1, a2, p);
                a1 = s.a1;
                a2 = s.a2;
                p = s.pNew;
                if (keep) {
                    u1s[k + 1] = a1;
                    u2s[k + 1] = a2;
                    ps[k + 1] = p;
                }
            }
            u1 = a1;
            u2 = a2;
        }

        private double[] row(FlowParameter p, int taps) {
            double[] out = new double[taps];
            System.arraycopy(params.get(p).data, c * taps, out, 0, taps);
            return out;
        }

        private int idx(int i, int j) {
            return i * w + j;
        }

        /** Image gradient of {@code img}; {@code border} supplies the one-sided border differences (F2 but in a broken variant). */
        private void imageGradient(double[] img, double[] border, double[] outX, double[] outY) {
            if (config.imageGradient() == ImageGradient.CENTRAL) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        outX[idx(i, j)] = j == 0
                                ? 0.5 * (border[idx(i, 1)] - border[idx(i, 0)])
                                : j == w - 1
                                        ? 0.5 * (border[idx(i, w - 1)] - border[idx(i, w - 2)])
                                        : gx[0] * img[idx(i, j - 1)]
                                                + gx[1] * img[idx(i, j)]
                                                + gx[2] * img[idx(i, j + 1)];
                        outY[idx(i, j)] = i == 0
                                ? 0.5 * (border[idx(1, j)] - border[idx(0, j)])
                                : i == h - 1
                                        ? 0.5 * (border[idx(h - 1, j)] - border[idx(h - 2, j)])
                                        : gy[0] * img[idx(i - 1, j)]
                                                + gy[1] * img[idx(i, j)]
                                                + gy[2] * img[idx(i + 1, j)];
                    }
                }
            } else {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        double sx = 0;
                        double sy = 0;
                        for (int a = -1; a <= 1; a++) {
                            for (int b = -1; b <= 1; b++) {
                                double v = img[idx(clamp(i + a, h), clamp(j + b, w))];
                                sx += gx[(a + 1) * 3 + b + 1] * v;
                                sy += gy[(a + 1) * 3 + b + 1] * v;
                            }
                        }
                        outX[idx(i, j)] = sx;
                        outY[idx(i, j)] = sy;
                    }
                }
            }
        }

        private static int clamp(int v, int n) {
            return v < 0 ? 0 : (v >= n ? n - 1 : v);
        }

        /** Branch of the thresholding step: 1 (rho &lt; -lt*G), 2 (rho &gt; lt*G), 3 (else, G &gt; eps), 0 (else). */
        private int branch(double rho, double gv) {
            if (rho < -lt * gv) {
                return 1;
            }
            if (rho > lt * gv) {
                return 2;
            }
            return gv > EPS ? 3 : 0;
        }

        private record Step(double[] a1, double[] a2, double[][] pNew) {}

        private Step step(double[] u1, double[] u2, double[][] p) {
            int hw = g.hw;
            double[] div1 = div(p[0], p[1]);
            double[] div2 = div(p[2], p[3]);
            double[] a1 = new double[hw];
            double[] a2 = new double[hw];
            for (int i = 0; i < hw; i++) {
                double rho = rhoC[i] + ix[i] * u1[i] + iy[i] * u2[i] + EPS;
                double v1;
                double v2;
                switch (branch(rho, gg[i])) {
                    case 1 -> {
                        v1 = lt * ix[i];
                        v2 = lt * iy[i];
                    }
                    case 2 -> {
                        v1 = -lt * ix[i];
                        v2 = -lt * iy[i];
                    }
                    case 3 -> {
                        v1 = -rho / gg[i] * ix[i];
                        v2 = -rho / gg[i] * iy[i];
                    }
                    default -> {
                        v1 = 0;
                        v2 = 0;
                    }
                }
                a1[i] = u1[i] + v1 + theta * div1[i];
                a2[i] = u2[i] + v2 + theta * div2[i];
            }
            double[][] pNew = new double[4][];
            double[][] d1 = forwardGradient(a1);
            double[][] d2 = forwardGradient(a2);
            double[][] q1 = project(p[0], p[1], d1[0], d1[1]);
            double[][] q2 = project(p[2], p[3], d2[0], d2[1]);
            pNew[0] = q1[0];
            pNew[1] = q1[1];
            pNew[2] = q2[0];
            pNew[3] = q2[1];
            return new Step(a1, a2, pNew);
        }

        private double[][] project(double[] px, double[] py, double[] ux, double[] uy) {
            double[] nx = new double[g.hw];
            double[] ny = new double[g.hw];
            for (int i = 0; i < g.hw; i++) {
                double den = 1 + taut * Math.sqrt(ux[i] * ux[i] + uy[i] * uy[i] + EPS);
                nx[i] = (px[i] + taut * ux[i]) / den;
                ny[i] = (py[i] + taut * uy[i]) / den;
            }
            return new double[][] {nx, ny};
        }

        /** D(u): forward differences with the learnable 2-tap kernels, 0 on the last column / row. */
        private double[][] forwardGradient(double[] u) {
            double[] ux = new double[g.hw];
            double[] uy = new double[g.hw];
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    ux[idx(i, j)] = j < w - 1 ? fx[0] * u[idx(i, j)] + fx[1] * u[idx(i, j + 1)] : 0;
                    uy[idx(i, j)] = i < h - 1 ? fy[0] * u[idx(i, j)] + fy[1] * u[idx(i + 1, j)] : 0;
                }
            }
            return new double[][] {ux, uy};
        }

        /** q(j) = p(j-1) for 1 &le; j &le; W-1, else 0 (the zero-padded shift). */
        private double shiftedX(double[] p, int i, int j) {
            return j >= 1 && j <= w - 1 ? p[idx(i, j - 1)] : 0;
        }

        private double shiftedY(double[] p, int i, int j) {
            return i >= 1 && i <= h - 1 ? p[idx(i - 1, j)] : 0;
        }

        private double[] div(double[] p1, double[] p2) {
            double[] out = new double[g.hw];
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    out[idx(i, j)] = dx[0] * shiftedX(p1, i, j)
                            + dx[1] * shiftedX(p1, i, j + 1)
                            + dy[0] * shiftedY(p2, i, j)
                            + dy[1] * shiftedY(p2, i + 1, j);
                }
            }
            return out;
        }

        double margin() {
            double m = Double.POSITIVE_INFINITY;
            for (int k = 0; k < config.iterations(); k++) {
                for (int i = 0; i < g.hw; i++) {
                    double rho = rhoC[i] + ix[i] * u1s[k][i] + iy[i] * u2s[k][i] + EPS;
                    double thr = lt * gg[i];
                    double scale = Math.max(1, Math.max(Math.abs(rho), thr));
                    m = Math.min(m, Math.min(Math.abs(rho - thr), Math.abs(rho + thr)) / scale);
                }
            }
            return m;
        }

        // ---------------------------------------------------------------- reverse pass

        void backward(double[] gradU1, double[] gradU2) {
            int hw = g.hw;
            double[] gu1 = gradU1.clone();
            double[] gu2 = gradU2.clone();
            double[][] gp = new double[4][hw];
            double[] gIx = new double[hw];
            double[] gIy = new double[hw];
            double[] gG = new double[hw];
            double[] gRhoC = new double[hw];
            double gLt = 0;
            double gTaut = 0;
            for (int k = config.iterations() - 1; k >= 0; k--) {
                double[] u1 = u1s[k];
                double[] u2 = u2s[k];
                double[][] p = ps[k];
                double[] a1 = u1s[k + 1];
                double[] a2 = u2s[k + 1];
                double[][] pNew = ps[k + 1];
                // p update, then D, for each of the two flow components
                double[] ga1 = gu1;
                double[] ga2 = gu2;
                double[][] gpOld = new double[4][];
                double[] gaFromP1 = new double[hw];
                double[] gaFromP2 = new double[hw];
                gTaut += projectBackward(a1, p[0], p[1], pNew[0], pNew[1], gp[0], gp[1], gaFromP1, gpOld, 0);
                gTaut += projectBackward(a2, p[2], p[3], pNew[2], pNew[3], gp[2], gp[3], gaFromP2, gpOld, 2);
                for (int i = 0; i < hw; i++) {
                    ga1[i] += gaFromP1[i];
                    ga2[i] += gaFromP2[i];
                }
                // a = u + v + theta * div(p)
                double[] div1 = div(p[0], p[1]);
                double[] div2 = div(p[2], p[3]);
                double[] gDiv1 = new double[hw];
                double[] gDiv2 = new double[hw];
                double[] gu1Old = new double[hw];
                double[] gu2Old = new double[hw];
                for (int i = 0; i < hw; i++) {
                    gTheta += ga1[i] * div1[i] + ga2[i] * div2[i];
                    gDiv1[i] = theta * ga1[i];
                    gDiv2[i] = theta * ga2[i];
                    gu1Old[i] = ga1[i];
                    gu2Old[i] = ga2[i];
                }
                divBackward(p[0], p[1], gDiv1, gpOld[0], gpOld[1]);
                divBackward(p[2], p[3], gDiv2, gpOld[2], gpOld[3]);
                // v through the branch taken (the mask itself carries no gradient), then rho
                for (int i = 0; i < hw; i++) {
                    double rho = rhoC[i] + ix[i] * u1[i] + iy[i] * u2[i] + EPS;
                    double gv1 = ga1[i];
                    double gv2 = ga2[i];
                    switch (branch(rho, gg[i])) {
                        case 1 -> {
                            gLt += gv1 * ix[i] + gv2 * iy[i];
                            gIx[i] += gv1 * lt;
                            gIy[i] += gv2 * lt;
                        }
                        case 2 -> {
                            gLt -= gv1 * ix[i] + gv2 * iy[i];
                            gIx[i] -= gv1 * lt;
                            gIy[i] -= gv2 * lt;
                        }
                        case 3 -> {
                            double gi = gg[i];
                            double gRho = -(gv1 * ix[i] + gv2 * iy[i]) / gi;
                            gG[i] += (gv1 * ix[i] + gv2 * iy[i]) * rho / (gi * gi);
                            gIx[i] += -gv1 * rho / gi;
                            gIy[i] += -gv2 * rho / gi;
                            gRhoC[i] += gRho;
                            gIx[i] += gRho * u1[i];
                            gIy[i] += gRho * u2[i];
                            gu1Old[i] += gRho * ix[i];
                            gu2Old[i] += gRho * iy[i];
                        }
                        default -> {
                            // v = 0: nothing flows back
                        }
                    }
                }
                gu1 = gu1Old;
                gu2 = gu2Old;
                gp = gpOld;
            }
            // lt = lambda * theta, taut = tau / theta
            gLambda += gLt * theta;
            gTheta += gLt * lambda;
            gTau += gTaut / theta;
            gTheta += -gTaut * tau / (theta * theta);
            // G = Ix^2 + Iy^2 + eps
            for (int i = 0; i < hw; i++) {
                gIx[i] += 2 * ix[i] * gG[i];
                gIy[i] += 2 * iy[i] * gG[i];
            }
            gF1 = new double[hw];
            gF2 = new double[hw];
            for (int i = 0; i < hw; i++) {
                gF2[i] += gRhoC[i];
                gF1[i] -= gRhoC[i];
            }
            imageGradientBackward(gIx, gIy);
        }

        /**
         * Reverse of {@code pNew = (p + taut * D(a)) / (1 + taut * |D(a)|)} for one flow component.
         * Adds dL/da into {@code gaOut}, writes dL/dp into {@code gpOld[slot], gpOld[slot+1]} and
         * returns dL/dtaut; accumulates the kernel gradients of D.
         */
        private double projectBackward(
                double[] a,
                double[] px,
                double[] py,
                double[] nx,
                double[] ny,
                double[] gnx,
                double[] gny,
                double[] gaOut,
                double[][] gpOld,
                int slot) {
            int hw = g.hw;
            double[][] d = forwardGradient(a);
            double[] ux = d[0];
            double[] uy = d[1];
            double[] gux = new double[hw];
            double[] guy = new double[hw];
            double[] gpx = new double[hw];
            double[] gpy = new double[hw];
            double gTautLocal = 0;
            for (int i = 0; i < hw; i++) {
                double ng = Math.sqrt(ux[i] * ux[i] + uy[i] * uy[i] + EPS);
                double den = 1 + taut * ng;
                double gNumX = gnx[i] / den;
                double gNumY = gny[i] / den;
                double gDen = -(gnx[i] * nx[i] + gny[i] * ny[i]) / den;
                gpx[i] = gNumX;
                gpy[i] = gNumY;
                gTautLocal += gNumX * ux[i] + gNumY * uy[i] + gDen * ng;
                gux[i] = gNumX * taut + gDen * taut * ux[i] / ng;
                guy[i] = gNumY * taut + gDen * taut * uy[i] / ng;
            }
            gpOld[slot] = gpx;
            gpOld[slot + 1] = gpy;
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    if (j < w - 1) {
                        double gx1 = gux[idx(i, j)];
                        gaOut[idx(i, j)] += fx[0] * gx1;
                        gaOut[idx(i, j + 1)] += fx[1] * gx1;
                        gFx[0] += gx1 * a[idx(i, j)];
                        gFx[1] += gx1 * a[idx(i, j + 1)];
                    }
                    if (i < h - 1) {
                        double gy1 = guy[idx(i, j)];
                        gaOut[idx(i, j)] += fy[0] * gy1;
                        gaOut[idx(i + 1, j)] += fy[1] * gy1;
                        gFy[0] += gy1 * a[idx(i, j)];
                        gFy[1] += gy1 * a[idx(i + 1, j)];
                    }
                }
            }
            return gTautLocal;
        }

        /** Reverse of {@link #div}: adds into gp1, gp2 and accumulates the divergence kernels. */
        private void divBackward(double[] p1, double[] p2, double[] gDiv, double[] gp1, double[] gp2) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    double gd = gDiv[idx(i, j)];
                    if (gd == 0) {
                        continue;
                    }
                    gDx[0] += gd * shiftedX(p1, i, j);
                    gDx[1] += gd * shiftedX(p1, i, j + 1);
                    gDy[0] += gd * shiftedY(p2, i, j);
                    gDy[1] += gd * shiftedY(p2, i + 1, j);
                    if (j >= 1) {
                        gp1[idx(i, j - 1)] += dx[0] * gd;
                    }
                    if (j + 1 <= w - 1) {
                        gp1[idx(i, j)] += dx[1] * gd;
                    }
                    if (i >= 1) {
                        gp2[idx(i - 1, j)] += dy[0] * gd;
                    }
                    if (i + 1 <= h - 1) {
                        gp2[idx(i, j)] += dy[1] * gd;
                    }
                }
            }
        }

        private void imageGradientBackward(double[] gIx, double[] gIy) {
            if (config.imageGradient() == ImageGradient.CENTRAL) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        double g1 = gIx[idx(i, j)];
                        if (j == 0) {
                            gF2[idx(i, 1)] += 0.5 * g1;
                            gF2[idx(i, 0)] -= 0.5 * g1;
                        } else if (j == w - 1) {
                            gF2[idx(i, w - 1)] += 0.5 * g1;
                            gF2[idx(i, w - 2)] -= 0.5 * g1;
                        } else {
                            for (int t = 0; t < 3; t++) {
                                gF2[idx(i, j - 1 + t)] += gx[t] * g1;
                                gGx[t] += g1 * f2[idx(i, j - 1 + t)];
                            }
                        }
                        double g2 = gIy[idx(i, j)];
                        if (i == 0) {
                            gF2[idx(1, j)] += 0.5 * g2;
                            gF2[idx(0, j)] -= 0.5 * g2;
                        } else if (i == h - 1) {
                            gF2[idx(h - 1, j)] += 0.5 * g2;
                            gF2[idx(h - 2, j)] -= 0.5 * g2;
                        } else {
                            for (int t = 0; t < 3; t++) {
                                gF2[idx(i - 1 + t, j)] += gy[t] * g2;
                                gGy[t] += g2 * f2[idx(i - 1 + t, j)];
                            }
                        }
                    }
                }
            } else {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        double g1 = gIx[idx(i, j)];
                        double g2 = gIy[idx(i, j)];
                        for (int a = -1; a <= 1; a++) {
                            for (int b = -1; b <= 1; b++) {
                                int src = idx(clamp(i + a, h), clamp(j + b, w));
                                int t = (a + 1) * 3 + b + 1;
                                gF2[src] += gx[t] * g1 + gy[t] * g2;
                                gGx[t] += g1 * f2[src];
                                gGy[t] += g2 * f2[src];
                            }
                        }
                    }
                }
            }
        }

        void accumulate(Map<FlowParameter, DoubleTensor> gp) {
            gp.get(FlowParameter.THETA).data[0] += gTheta;
            gp.get(FlowParameter.LAMBDA).data[0] += gLambda;
            gp.get(FlowParameter.TAU).data[0] += gTau;
            addRow(gp.get(FlowParameter.FX), gFx);
            addRow(gp.get(FlowParameter.FY), gFy);
            addRow(gp.get(FlowParameter.DX), gDx);
            addRow(gp.get(FlowParameter.DY), gDy);
            addRow(gp.get(FlowParameter.GX), gGx);
            addRow(gp.get(FlowParameter.GY), gGy);
        }

        private void addRow(DoubleTensor target, double[] row) {
            for (int t = 0; t < row.length; t++) {
                target.data[c * row.length + t] += row[t];
            }
        }
    }
}
