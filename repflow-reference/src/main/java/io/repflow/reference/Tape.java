package io.repflow.reference;

import io.repflow.api.BatchNormConfig;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import io.repflow.models.spec.Size3;
import java.util.ArrayList;
import java.util.List;

/**
 * The float64 reverse-mode tape of the reference: fusion, blocks and whole models record their ops
 * here. Ops are written straight from their definitions; every tensor is a {@code [B,C,T,H,W]} clip
 * unless stated. Backward runs the recorded closures in reverse order.
 */
final class Tape {

    /** A value on the tape and the gradient that flows into it. */
    static final class Node {
        final DoubleTensor value;
        DoubleTensor grad;

        Node(DoubleTensor value) {
            this.value = value;
        }

        DoubleTensor grad() {
            if (grad == null) {
                grad = DoubleTensor.zerosLike(value);
            }
            return grad;
        }
    }

    private final List<Runnable> backwards = new ArrayList<>();

    Node leaf(DoubleTensor value) {
        return new Node(value);
    }

    void backward(Node out, DoubleTensor gradOut) {
        out.grad().addInPlace(gradOut);
        for (int i = backwards.size() - 1; i >= 0; i--) {
            backwards.get(i).run();
        }
    }

    /** Records an op computed elsewhere: {@code back} adds the gradients of its inputs from {@code out.grad}. */
    Node record(DoubleTensor value, java.util.function.Consumer<Node> back) {
        Node out = new Node(value);
        backwards.add(() -> {
            if (out.grad != null) {
                back.accept(out);
            }
        });
        return out;
    }

    // ------------------------------------------------------------------ element-wise

    Node add(Node a, Node b) {
        requireSame(a, b, "add");
        double[] r = new double[a.value.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.value.data[i] + b.value.data[i];
        }
        return record(new DoubleTensor(a.value.shape(), r), out -> {
            a.grad().addInPlace(out.grad);
            b.grad().addInPlace(out.grad);
        });
    }

    Node mul(Node a, Node b) {
        requireSame(a, b, "mul");
        double[] r = new double[a.value.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.value.data[i] * b.value.data[i];
        }
        return record(new DoubleTensor(a.value.shape(), r), out -> {
            double[] ga = a.grad().data;
            double[] gb = b.grad().data;
            for (int i = 0; i < r.length; i++) {
                ga[i] += out.grad.data[i] * b.value.data[i];
                gb[i] += out.grad.data[i] * a.value.data[i];
            }
        });
    }

    Node scale(Node a, double s) {
        double[] r = new double[a.value.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = s * a.value.data[i];
        }
        return record(new DoubleTensor(a.value.shape(), r), out -> {
            double[] ga = a.grad().data;
            for (int i = 0; i < r.length; i++) {
                ga[i] += s * out.grad.data[i];
            }
        });
    }

    Node relu(Node a) {
        double[] r = new double[a.value.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = Math.max(0, a.value.data[i]);
        }
        return record(new DoubleTensor(a.value.shape(), r), out -> {
            double[] ga = a.grad().data;
            for (int i = 0; i < r.length; i++) {
                if (a.value.data[i] > 0) {
                    ga[i] += out.grad.data[i];
                }
            }
        });
    }

    // ------------------------------------------------------------------ layout

    /** Frames [t0, t0+len) of a clip. */
    Node frames(Node x, int t0, int len) {
        Shape s = x.value.shape();
        int b = s.dim(0);
        int c = s.dim(1);
        int t = s.dim(2);
        int hw = s.dim(3) * s.dim(4);
        DoubleTensor r = new DoubleTensor(Shape.of(b, c, len, s.dim(3), s.dim(4)));
        for (int i = 0; i < b * c; i++) {
            System.arraycopy(x.value.data, (i * t + t0) * hw, r.data, i * len * hw, len * hw);
        }
        return record(r, out -> {
            double[] gx = x.grad().data;
            for (int i = 0; i < b * c; i++) {
                for (int k = 0; k < len * hw; k++) {
                    gx[(i * t + t0) * hw + k] += out.grad.data[i * len * hw + k];
                }
            }
        });
    }

    /** Channel concatenation of two clips with equal B, T, H, W. */
    Node concatChannels(Node a, Node b) {
        Shape sa = a.value.shape();
        Shape sb = b.value.shape();
        int n = sa.dim(0);
        int ca = sa.dim(1);
        int cb = sb.dim(1);
        int per = sa.dim(2) * sa.dim(3) * sa.dim(4);
        DoubleTensor r = new DoubleTensor(Shape.of(n, ca + cb, sa.dim(2), sa.dim(3), sa.dim(4)));
        for (int i = 0; i < n; i++) {
            System.arraycopy(a.value.data, i * ca * per, r.data, i * (ca + cb) * per, ca * per);
            System.arraycopy(b.value.data, i * cb * per, r.data, (i * (ca + cb) + ca) * per, cb * per);
        }
        return record(r, out -> {
            double[] ga = a.grad().data;
            double[] gb = b.grad().data;
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < ca * per; k++) {
                    ga[i * ca * per + k] += out.grad.data[i * (ca + cb) * per + k];
                }
                for (int k = 0; k < cb * per; k++) {
                    gb[i * cb * per + k] += out.grad.data[(i * (ca + cb) + ca) * per + k];
                }
            }
        });
    }

    // ------------------------------------------------------------------ layers

    /** Per-frame 2D convolution (cross-correlation), weight [Cout,Cin,k,k], zero padding k/2, no bias. */
    Node conv2d(Node x, Node w) {
        int k = w.value.shape().dim(2);
        return conv(x, w, null, new Size3(1, k, k), new Size3(1, 1, 1), new Size3(0, k / 2, k / 2));
    }

    /**
     * 3D convolution (cross-correlation) of a clip, PyTorch's Conv3d: weight {@code [Cout,Cin,kt,kh,kw]}
     * (or {@code [Cout,Cin,kh,kw]} when {@code kt = 1}), zero padding, optional bias {@code [Cout]}.
     */
    Node conv(Node x, Node w, Node bias, Size3 k, Size3 st, Size3 pad) {
        Shape s = x.value.shape();
        int b = s.dim(0);
        int cin = s.dim(1);
        int t = s.dim(2);
        int h = s.dim(3);
        int wd = s.dim(4);
        int cout = w.value.shape().dim(0);
        if (w.value.shape().dim(1) != cin) {
            throw new IllegalArgumentException("conv weight " + w.value.shape() + " does not fit input " + s);
        }
        int to = (t + 2 * pad.t() - k.t()) / st.t() + 1;
        int ho = (h + 2 * pad.h() - k.h()) / st.h() + 1;
        int wo = (wd + 2 * pad.w() - k.w()) / st.w() + 1;
        double[] xv = x.value.data;
        double[] wv = w.value.data;
        DoubleTensor r = new DoubleTensor(Shape.of(b, cout, to, ho, wo));
        for (int n = 0; n < b; n++) {
            for (int o = 0; o < cout; o++) {
                for (int ft = 0; ft < to; ft++) {
                    for (int i = 0; i < ho; i++) {
                        for (int j = 0; j < wo; j++) {
                            double acc = 0;
                            for (int c = 0; c < cin; c++) {
                                for (int a = 0; a < k.t(); a++) {
                                    int tt = ft * st.t() + a - pad.t();
                                    if (tt < 0 || tt >= t) {
                                        continue;
                                    }
                                    for (int u = 0; u < k.h(); u++) {
                                        int ii = i * st.h() + u - pad.h();
                                        if (ii < 0 || ii >= h) {
                                            continue;
                                        }
                                        for (int e = 0; e < k.w(); e++) {
                                            int jj = j * st.w() + e - pad.w();
                                            if (jj < 0 || jj >= wd) {
                                                continue;
                                            }
                                            acc += wv[(((o * cin + c) * k.t() + a) * k.h() + u) * k.w() + e]
                                                    * xv[(((n * cin + c) * t + tt) * h + ii) * wd + jj];
                                        }
                                    }
                                }
                            }
                            r.data[(((n * cout + o) * to + ft) * ho + i) * wo + j] = acc;
                        }
                    }
                }
            }
        }
        int per = to * ho * wo;
        if (bias != null) {
            for (int i = 0; i < r.data.length; i++) {
                r.data[i] += bias.value.data[(i / per) % cout];
            }
        }
        return record(r, out -> {
            double[] gx = x.grad().data;
            double[] gw = w.grad().data;
            double[] go = out.grad.data;
            for (int n = 0; n < b; n++) {
                for (int o = 0; o < cout; o++) {
                    for (int ft = 0; ft < to; ft++) {
                        for (int i = 0; i < ho; i++) {
                            for (int j = 0; j < wo; j++) {
                                double g = go[(((n * cout + o) * to + ft) * ho + i) * wo + j];
                                if (g == 0) {
                                    continue;
                                }
                                for (int c = 0; c < cin; c++) {
                                    for (int a = 0; a < k.t(); a++) {
                                        int tt = ft * st.t() + a - pad.t();
                                        if (tt < 0 || tt >= t) {
                                            continue;
                                        }
                                        for (int u = 0; u < k.h(); u++) {
                                            int ii = i * st.h() + u - pad.h();
                                            if (ii < 0 || ii >= h) {
                                                continue;
                                            }
                                            for (int e = 0; e < k.w(); e++) {
                                                int jj = j * st.w() + e - pad.w();
                                                if (jj < 0 || jj >= wd) {
                                                    continue;
                                                }
                                                int xi = (((n * cin + c) * t + tt) * h + ii) * wd + jj;
                                                int wi = (((o * cin + c) * k.t() + a) * k.h() + u) * k.w() + e;
                                                gw[wi] += g * xv[xi];
                                                gx[xi] += g * wv[wi];
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if (bias != null) {
                double[] gb = bias.grad().data;
                for (int i = 0; i < go.length; i++) {
                    gb[(i / per) % cout] += go[i];
                }
            }
        });
    }

    /**
     * Max or average pooling of a clip with window {@code k}, stride {@code st} and padding {@code pad}
     * (PyTorch's floor mode): max pooling skips the padding, average pooling divides by the whole
     * window (padding counted as zeros). The max's gradient goes to the first maximum of its window.
     */
    Node pool(Node x, Size3 k, Size3 st, Size3 pad, boolean max) {
        Shape s = x.value.shape();
        int b = s.dim(0);
        int c = s.dim(1);
        int t = s.dim(2);
        int h = s.dim(3);
        int w = s.dim(4);
        int to = (t + 2 * pad.t() - k.t()) / st.t() + 1;
        int ho = (h + 2 * pad.h() - k.h()) / st.h() + 1;
        int wo = (w + 2 * pad.w() - k.w()) / st.w() + 1;
        double[] xv = x.value.data;
        DoubleTensor r = new DoubleTensor(Shape.of(b, c, to, ho, wo));
        int[] arg = new int[r.size()];
        double window = (double) k.t() * k.h() * k.w();
        for (int n = 0; n < b * c; n++) {
            for (int ft = 0; ft < to; ft++) {
                for (int i = 0; i < ho; i++) {
                    for (int j = 0; j < wo; j++) {
                        int oi = ((n * to + ft) * ho + i) * wo + j;
                        double acc = max ? Double.NEGATIVE_INFINITY : 0;
                        int best = -1;
                        for (int a = 0; a < k.t(); a++) {
                            int tt = ft * st.t() + a - pad.t();
                            for (int u = 0; u < k.h(); u++) {
                                int ii = i * st.h() + u - pad.h();
                                for (int e = 0; e < k.w(); e++) {
                                    int jj = j * st.w() + e - pad.w();
                                    if (tt < 0 || tt >= t || ii < 0 || ii >= h || jj < 0 || jj >= w) {
                                        continue;
                                    }
                                    int xi = ((n * t + tt) * h + ii) * w + jj;
                                    if (max) {
                                        if (xv[xi] > acc) {
                                            acc = xv[xi];
                                            best = xi;
                                        }
                                    } else {
                                        acc += xv[xi];
                                    }
                                }
                            }
                        }
                        r.data[oi] = max ? acc : acc / window;
                        arg[oi] = best;
                    }
                }
            }
        }
        return record(r, out -> {
            double[] gx = x.grad().data;
            double[] go = out.grad.data;
            for (int n = 0; n < b * c; n++) {
                for (int ft = 0; ft < to; ft++) {
                    for (int i = 0; i < ho; i++) {
                        for (int j = 0; j < wo; j++) {
                            int oi = ((n * to + ft) * ho + i) * wo + j;
                            if (max) {
                                gx[arg[oi]] += go[oi];
                                continue;
                            }
                            for (int a = 0; a < k.t(); a++) {
                                for (int u = 0; u < k.h(); u++) {
                                    for (int e = 0; e < k.w(); e++) {
                                        int tt = ft * st.t() + a;
                                        int ii = i * st.h() + u;
                                        int jj = j * st.w() + e;
                                        gx[((n * t + tt) * h + ii) * w + jj] += go[oi] / window;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    /** {@code weight [out, in]} times the channels of every (t, h, w) position, plus {@code bias [out]}. */
    Node linear(Node x, Node weight, Node bias) {
        Shape s = x.value.shape();
        int b = s.dim(0);
        int in = s.dim(1);
        int out = weight.value.shape().dim(0);
        int per = s.dim(2) * s.dim(3) * s.dim(4);
        double[] wv = weight.value.data;
        double[] bv = bias.value.data;
        double[] xv = x.value.data;
        DoubleTensor r = new DoubleTensor(Shape.of(b, out, s.dim(2), s.dim(3), s.dim(4)));
        for (int n = 0; n < b; n++) {
            for (int o = 0; o < out; o++) {
                for (int p = 0; p < per; p++) {
                    double acc = bv[o];
                    for (int c = 0; c < in; c++) {
                        acc += wv[o * in + c] * xv[(n * in + c) * per + p];
                    }
                    r.data[(n * out + o) * per + p] = acc;
                }
            }
        }
        return record(r, o2 -> {
            double[] go = o2.grad.data;
            double[] gw = weight.grad().data;
            double[] gb = bias.grad().data;
            double[] gx = x.grad().data;
            for (int n = 0; n < b; n++) {
                for (int o = 0; o < out; o++) {
                    for (int p = 0; p < per; p++) {
                        double g = go[(n * out + o) * per + p];
                        gb[o] += g;
                        for (int c = 0; c < in; c++) {
                            gw[o * in + c] += g * xv[(n * in + c) * per + p];
                            gx[(n * in + c) * per + p] += g * wv[o * in + c];
                        }
                    }
                }
            }
        });
    }

    /** The same values under another shape of the same size. */
    Node reshape(Node x, Shape shape) {
        Shape s = x.value.shape();
        return record(
                new DoubleTensor(shape, x.value.data.clone()),
                out -> x.grad().addInPlace(new DoubleTensor(s, out.grad.data)));
    }

    /** x + bias[c] broadcast over (B, T, H, W). */
    Node addChannelBias(Node x, Node bias) {
        Shape s = x.value.shape();
        int c = s.dim(1);
        int per = s.dim(2) * s.dim(3) * s.dim(4);
        double[] r = x.value.data.clone();
        for (int i = 0; i < r.length; i++) {
            r[i] += bias.value.data[(i / per) % c];
        }
        return record(new DoubleTensor(s, r), out -> {
            x.grad().addInPlace(out.grad);
            double[] gb = bias.grad().data;
            for (int i = 0; i < r.length; i++) {
                gb[(i / per) % c] += out.grad.data[i];
            }
        });
    }

    /**
     * Batch norm over channels with statistics over (B, T, H, W), PyTorch semantics. In TRAIN mode
     * with {@code update} the running statistics (momentum, unbiased variance) are updated in place.
     */
    Node batchNorm(
            Node x,
            Node gamma,
            Node beta,
            DoubleTensor runningMean,
            DoubleTensor runningVar,
            Mode mode,
            BatchNormConfig cfg,
            boolean update) {
        Shape s = x.value.shape();
        int b = s.dim(0);
        int c = s.dim(1);
        int per = s.dim(2) * s.dim(3) * s.dim(4);
        int m = b * per;
        double[] mean = new double[c];
        double[] var = new double[c];
        double[] xv = x.value.data;
        if (mode == Mode.TRAIN) {
            for (int n = 0; n < b; n++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int k = 0; k < per; k++) {
                        mean[ch] += xv[(n * c + ch) * per + k];
                    }
                }
            }
            for (int ch = 0; ch < c; ch++) {
                mean[ch] /= m;
            }
            for (int n = 0; n < b; n++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int k = 0; k < per; k++) {
                        double d = xv[(n * c + ch) * per + k] - mean[ch];
                        var[ch] += d * d;
                    }
                }
            }
            for (int ch = 0; ch < c; ch++) {
                double biased = var[ch] / m;
                if (update) {
                    double unbiased = m > 1 ? var[ch] / (m - 1) : biased;
                    runningMean.data[ch] = (1 - cfg.momentum()) * runningMean.data[ch] + cfg.momentum() * mean[ch];
                    runningVar.data[ch] = (1 - cfg.momentum()) * runningVar.data[ch] + cfg.momentum() * unbiased;
                }
                var[ch] = biased;
            }
        } else {
            System.arraycopy(runningMean.data, 0, mean, 0, c);
            System.arraycopy(runningVar.data, 0, var, 0, c);
        }
        double[] inv = new double[c];
        for (int ch = 0; ch < c; ch++) {
            inv[ch] = 1 / Math.sqrt(var[ch] + cfg.eps());
        }
        double[] xhat = new double[xv.length];
        double[] r = new double[xv.length];
        for (int n = 0; n < b; n++) {
            for (int ch = 0; ch < c; ch++) {
                for (int k = 0; k < per; k++) {
                    int i = (n * c + ch) * per + k;
                    xhat[i] = (xv[i] - mean[ch]) * inv[ch];
                    r[i] = gamma.value.data[ch] * xhat[i] + beta.value.data[ch];
                }
            }
        }
        return record(new DoubleTensor(s, r), out -> {
            double[] go = out.grad.data;
            double[] gx = x.grad().data;
            double[] gg = gamma.grad().data;
            double[] gbeta = beta.grad().data;
            double[] sumG = new double[c];
            double[] sumGX = new double[c];
            for (int n = 0; n < b; n++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int k = 0; k < per; k++) {
                        int i = (n * c + ch) * per + k;
                        sumG[ch] += go[i];
                        sumGX[ch] += go[i] * xhat[i];
                    }
                }
            }
            for (int ch = 0; ch < c; ch++) {
                gg[ch] += sumGX[ch];
                gbeta[ch] += sumG[ch];
            }
            for (int n = 0; n < b; n++) {
                for (int ch = 0; ch < c; ch++) {
                    double gam = gamma.value.data[ch];
                    for (int k = 0; k < per; k++) {
                        int i = (n * c + ch) * per + k;
                        if (mode == Mode.TRAIN) {
                            gx[i] += gam * inv[ch] / m * (m * go[i] - sumG[ch] - xhat[i] * sumGX[ch]);
                        } else {
                            gx[i] += gam * inv[ch] * go[i];
                        }
                    }
                }
            }
        });
    }

    /**
     * Per-clip normalisation to [0, 255] by the clip's min and max over (C, T, H, W); a constant
     * clip gives 0. The gradient flows through min and max, split evenly among ties.
     */
    Node clipNormalize(Node x) {
        Shape s = x.value.shape();
        int b = s.dim(0);
        int per = s.size() / b;
        double[] xv = x.value.data;
        double[] r = new double[xv.length];
        double[] mins = new double[b];
        double[] maxs = new double[b];
        for (int n = 0; n < b; n++) {
            double mn = Double.POSITIVE_INFINITY;
            double mx = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < per; k++) {
                mn = Math.min(mn, xv[n * per + k]);
                mx = Math.max(mx, xv[n * per + k]);
            }
            mins[n] = mn;
            maxs[n] = mx;
            for (int k = 0; k < per; k++) {
                r[n * per + k] = mx > mn ? 255 * (xv[n * per + k] - mn) / (mx - mn) : 0;
            }
        }
        return record(new DoubleTensor(s, r), out -> {
            double[] gx = x.grad().data;
            double[] go = out.grad.data;
            for (int n = 0; n < b; n++) {
                double mn = mins[n];
                double mx = maxs[n];
                if (!(mx > mn)) {
                    continue;
                }
                double range = mx - mn;
                double gMin = 0;
                double gMax = 0;
                int nMin = 0;
                int nMax = 0;
                for (int k = 0; k < per; k++) {
                    int i = n * per + k;
                    gx[i] += 255 * go[i] / range;
                    gMin += go[i] * 255 * (xv[i] - mx) / (range * range);
                    gMax += -go[i] * 255 * (xv[i] - mn) / (range * range);
                    nMin += xv[i] == mn ? 1 : 0;
                    nMax += xv[i] == mx ? 1 : 0;
                }
                for (int k = 0; k < per; k++) {
                    int i = n * per + k;
                    if (xv[i] == mn) {
                        gx[i] += gMin / nMin;
                    }
                    if (xv[i] == mx) {
                        gx[i] += gMax / nMax;
                    }
                }
            }
        });
    }

    /**
     * The flow layer on frame pairs (t, t+1) of a clip [B,C,T,H,W] → [B,2C,T-1,H,W]; parameter
     * gradients are added into {@code paramGrads} (by flow parameter key).
     */
    Node flowPairs(Node x, ReferenceFlow flow, java.util.Map<String, DoubleTensor> paramGrads) {
        Shape s = x.value.shape();
        int b = s.dim(0);
        int c = s.dim(1);
        int t = s.dim(2);
        int h = s.dim(3);
        int w = s.dim(4);
        int hw = h * w;
        int pairs = t - 1;
        DoubleTensor f1 = new DoubleTensor(Shape.of(b * pairs, c, h, w));
        DoubleTensor f2 = new DoubleTensor(Shape.of(b * pairs, c, h, w));
        for (int n = 0; n < b; n++) {
            for (int f = 0; f < pairs; f++) {
                for (int ch = 0; ch < c; ch++) {
                    System.arraycopy(
                            x.value.data, ((n * c + ch) * t + f) * hw, f1.data, ((n * pairs + f) * c + ch) * hw, hw);
                    System.arraycopy(
                            x.value.data,
                            ((n * c + ch) * t + f + 1) * hw,
                            f2.data,
                            ((n * pairs + f) * c + ch) * hw,
                            hw);
                }
            }
        }
        DoubleTensor u = flow.forward(f1, f2);
        DoubleTensor r = new DoubleTensor(Shape.of(b, 2 * c, pairs, h, w));
        for (int n = 0; n < b; n++) {
            for (int f = 0; f < pairs; f++) {
                for (int ch = 0; ch < 2 * c; ch++) {
                    System.arraycopy(
                            u.data,
                            ((n * pairs + f) * 2 * c + ch) * hw,
                            r.data,
                            ((n * 2 * c + ch) * pairs + f) * hw,
                            hw);
                }
            }
        }
        return record(r, out -> {
            DoubleTensor gu = new DoubleTensor(u.shape());
            for (int n = 0; n < b; n++) {
                for (int f = 0; f < pairs; f++) {
                    for (int ch = 0; ch < 2 * c; ch++) {
                        System.arraycopy(
                                out.grad.data,
                                ((n * 2 * c + ch) * pairs + f) * hw,
                                gu.data,
                                ((n * pairs + f) * 2 * c + ch) * hw,
                                hw);
                    }
                }
            }
            ReferenceFlow.FlowGradients g = flow.backward(f1, f2, gu);
            double[] gx = x.grad().data;
            for (int n = 0; n < b; n++) {
                for (int f = 0; f < pairs; f++) {
                    for (int ch = 0; ch < c; ch++) {
                        for (int k = 0; k < hw; k++) {
                            gx[((n * c + ch) * t + f) * hw + k] += g.f1().data[((n * pairs + f) * c + ch) * hw + k];
                            gx[((n * c + ch) * t + f + 1) * hw + k] += g.f2().data[((n * pairs + f) * c + ch) * hw + k];
                        }
                    }
                }
            }
            g.parameters().forEach((key, grad) -> paramGrads.get(key).addInPlace(grad));
        });
    }

    /** The flow layer on F1, F2 [N,C,H,W] → [N,2C,H,W]; parameter gradients are added into {@code paramGrads}. */
    Node flow(Node f1, Node f2, ReferenceFlow flow, java.util.Map<String, DoubleTensor> paramGrads) {
        DoubleTensor u = flow.forward(f1.value, f2.value);
        return record(u, out -> {
            ReferenceFlow.FlowGradients g = flow.backward(f1.value, f2.value, out.grad);
            f1.grad().addInPlace(g.f1());
            f2.grad().addInPlace(g.f2());
            g.parameters().forEach((key, grad) -> paramGrads.get(key).addInPlace(grad));
        });
    }

    private static void requireSame(Node a, Node b, String op) {
        if (!a.value.shape().equals(b.value.shape())) {
            throw new IllegalArgumentException(op + ": shapes differ " + a.value.shape() + " vs " + b.value.shape());
        }
    }
}
