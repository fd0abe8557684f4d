package io.repflow.tck.reference;

import io.repflow.api.BatchNormConfig;
import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import io.repflow.models.spec.AvgPool;
import io.repflow.models.spec.BatchNorm;
import io.repflow.models.spec.Conv2d;
import io.repflow.models.spec.Conv3d;
import io.repflow.models.spec.Dropout;
import io.repflow.models.spec.Flatten;
import io.repflow.models.spec.GlobalAvgPool;
import io.repflow.models.spec.LateFusion;
import io.repflow.models.spec.Layer;
import io.repflow.models.spec.LayerVisitor;
import io.repflow.models.spec.Linear;
import io.repflow.models.spec.MaxPool;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spec.Relu;
import io.repflow.models.spec.RepFlow;
import io.repflow.models.spec.Residual;
import io.repflow.models.spec.Sequential;
import io.repflow.models.spec.Size3;
import io.repflow.models.spec.TemporalMean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The float64 reference of a whole {@link ModelSpec}: forward passes in EVAL and TRAIN mode and the
 * exact reverse pass of the mean softmax cross-entropy, written straight from the layer records'
 * javadoc. Rep-flow blocks run through {@link ReferenceFlowBlock}. Dropout is the identity here
 * (its masks are a backend's own), so compare TRAIN-mode numbers only on specs without dropout.
 */
public final class ReferenceModel {

    private final ModelSpec spec;
    private final Map<String, DoubleTensor> values = new LinkedHashMap<>();

    public ReferenceModel(ModelSpec spec, Map<String, HostTensor> parameters) {
        this.spec = spec;
        spec.parameterShapes().forEach((name, shape) -> {
            HostTensor v = parameters.get(name);
            if (v == null || !v.shape().equals(shape)) {
                throw new IllegalArgumentException("reference model needs parameter '" + name + "' " + shape + ", got "
                        + (v == null ? "none" : v.shape()));
            }
            values.put(name, DoubleTensor.of(v));
        });
    }

    public ModelSpec spec() {
        return spec;
    }

    /** Current value of a parameter or buffer. */
    public DoubleTensor parameter(String name) {
        return values.get(name);
    }

    public Map<String, DoubleTensor> parameters() {
        return Collections.unmodifiableMap(values);
    }

    public void setParameter(String name, DoubleTensor value) {
        values.put(name, value.copy());
    }

    /** Logits {@code [B, K]}; in TRAIN mode the running statistics are updated (PyTorch semantics). */
    public DoubleTensor forward(Mode mode, DoubleTensor clips) {
        return new Pass(mode, true).run(clips).value;
    }

    /**
     * TRAIN-mode mean softmax cross-entropy and its gradient for every trainable parameter; the
     * running statistics are not changed.
     */
    public LossGradients lossAndGradients(DoubleTensor clips, int[] labels) {
        Pass pass = new Pass(Mode.TRAIN, false);
        V logits = pass.run(clips);
        int b = logits.value.dim(0);
        int k = logits.value.dim(1);
        double loss = 0;
        DoubleTensor g = new DoubleTensor(logits.value.shape());
        for (int n = 0; n < b; n++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                max = Math.max(max, logits.value.get(n * k + c));
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                sum += Math.exp(logits.value.get(n * k + c) - max);
            }
            loss += -(logits.value.get(n * k + labels[n]) - max - Math.log(sum));
            for (int c = 0; c < k; c++) {
                g.set(n * k + c, (Math.exp(logits.value.get(n * k + c) - max) / sum - (c == labels[n] ? 1 : 0)) / b);
            }
        }
        logits.grad().addInPlace(g);
        for (int i = pass.backs.size() - 1; i >= 0; i--) {
            pass.backs.get(i).run();
        }
        Map<String, DoubleTensor> grads = new LinkedHashMap<>();
        for (String name : spec.trainableParameters()) {
            DoubleTensor gr = pass.paramGrads.get(name);
            grads.put(name, gr == null ? new DoubleTensor(values.get(name).shape()) : gr);
        }
        return new LossGradients(loss / b, logits.value, grads);
    }

    /**
     * Loss, logits and gradients in float64.
     *
     * @param loss      mean cross-entropy
     * @param logits    {@code [B, K]}
     * @param gradients by trainable parameter name
     */
    public record LossGradients(double loss, DoubleTensor logits, Map<String, DoubleTensor> gradients) {}

    /** A value and the gradient flowing into it. */
    private static final class V {
        final DoubleTensor value;
        DoubleTensor grad;

        V(DoubleTensor value) {
            this.value = value;
        }

        DoubleTensor grad() {
            if (grad == null) {
                grad = DoubleTensor.zerosLike(value);
            }
            return grad;
        }
    }

    /** One forward pass recording its reverse steps. */
    private final class Pass {
        final Mode mode;
        final boolean updateRunning;
        final List<Runnable> backs = new ArrayList<>();
        final Map<String, DoubleTensor> paramGrads = new LinkedHashMap<>();

        Pass(Mode mode, boolean updateRunning) {
            this.mode = mode;
            this.updateRunning = updateRunning;
        }

        V run(DoubleTensor clips) {
            return layer(spec.network(), "", new V(clips));
        }

        private V record(DoubleTensor value, Consumer<V> back) {
            V out = new V(value);
            backs.add(() -> {
                if (out.grad != null) {
                    back.accept(out);
                }
            });
            return out;
        }

        private DoubleTensor pgrad(String name) {
            return paramGrads.computeIfAbsent(
                    name, n -> new DoubleTensor(values.get(n).shape()));
        }

        private V layer(Layer layer, String prefix, V x) {
            return layer.accept(new LayerVisitor<V>() {
                @Override
                public V visit(Conv2d c) {
                    String p = join(prefix, c.name());
                    return conv(
                            x,
                            p,
                            new Size3(1, c.kernel(), c.kernel()),
                            new Size3(1, c.stride(), c.stride()),
                            new Size3(0, c.padding(), c.padding()),
                            c.bias(),
                            c.outChannels());
                }

                @Override
                public V visit(Conv3d c) {
                    return conv(
                            x, join(prefix, c.name()), c.kernel(), c.stride(), c.padding(), c.bias(), c.outChannels());
                }

                @Override
                public V visit(BatchNorm b) {
                    return batchNorm(x, join(prefix, b.name()), b.config());
                }

                @Override
                public V visit(Relu r) {
                    return relu(x);
                }

                @Override
                public V visit(MaxPool m) {
                    return pool(x, m.kernel(), m.stride(), m.padding(), true);
                }

                @Override
                public V visit(AvgPool a) {
                    return pool(x, a.kernel(), a.stride(), new Size3(0, 0, 0), false);
                }

                @Override
                public V visit(GlobalAvgPool g) {
                    Shape s = x.value.shape();
                    return pool(x, new Size3(1, s.dim(3), s.dim(4)), new Size3(1, 1, 1), new Size3(0, 0, 0), false);
                }

                @Override
                public V visit(TemporalMean t) {
                    Shape s = x.value.shape();
                    return pool(x, new Size3(s.dim(2), 1, 1), new Size3(1, 1, 1), new Size3(0, 0, 0), false);
                }

                @Override
                public V visit(Linear l) {
                    return linear(x, join(prefix, l.name()), l.outFeatures());
                }

                @Override
                public V visit(Dropout d) {
                    return x;
                }

                @Override
                public V visit(Flatten f) {
                    Shape s = x.value.shape();
                    V out = record(
                            new DoubleTensor(
                                    Shape.of(s.dim(0), s.dim(1)), x.value.data().clone()),
                            o -> x.grad().addInPlace(new DoubleTensor(s, o.grad.data())));
                    return out;
                }

                @Override
                public V visit(Sequential s) {
                    String p = join(prefix, s.name());
                    V y = x;
                    for (Layer l : s.layers()) {
                        y = layer(l, p, y);
                    }
                    return y;
                }

                @Override
                public V visit(Residual r) {
                    String p = join(prefix, r.name());
                    V body = x;
                    for (Layer l : r.body()) {
                        body = layer(l, p, body);
                    }
                    V shortcut = x;
                    for (Layer l : r.shortcut()) {
                        shortcut = layer(l, join(p, Residual.SHORTCUT), shortcut);
                    }
                    return relu(add(body, shortcut, 1, 1));
                }

                @Override
                public V visit(RepFlow f) {
                    return block(x, join(prefix, f.name()), f);
                }

                @Override
                public V visit(LateFusion l) {
                    V rgb = layer(l.rgb(), prefix, x);
                    V flow = layer(l.flow(), prefix, x);
                    return add(rgb, flow, 0.5, 0.5);
                }
            });
        }

        private V add(V a, V b, double wa, double wb) {
            double[] r = new double[a.value.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = wa * a.value.get(i) + wb * b.value.get(i);
            }
            return record(new DoubleTensor(a.value.shape(), r), o -> {
                for (int i = 0; i < r.length; i++) {
                    a.grad().data()[i] += wa * o.grad.get(i);
                    b.grad().data()[i] += wb * o.grad.get(i);
                }
            });
        }

        private V relu(V x) {
            double[] r = x.value.data().clone();
            for (int i = 0; i < r.length; i++) {
                r[i] = Math.max(r[i], 0);
            }
            return record(new DoubleTensor(x.value.shape(), r), o -> {
                for (int i = 0; i < r.length; i++) {
                    if (x.value.get(i) > 0) {
                        x.grad().data()[i] += o.grad.get(i);
                    }
                }
            });
        }

        private V conv(V x, String name, Size3 k, Size3 st, Size3 pad, boolean bias, int cout) {
            Shape s = x.value.shape();
            int b = s.dim(0);
            int cin = s.dim(1);
            int t = s.dim(2);
            int h = s.dim(3);
            int w = s.dim(4);
            int to = (t + 2 * pad.t() - k.t()) / st.t() + 1;
            int ho = (h + 2 * pad.h() - k.h()) / st.h() + 1;
            int wo = (w + 2 * pad.w() - k.w()) / st.w() + 1;
            double[] wv = values.get(name + ".weight").data();
            double[] bv = bias ? values.get(name + ".bias").data() : null;
            double[] xv = x.value.data();
            DoubleTensor r = new DoubleTensor(Shape.of(b, cout, to, ho, wo));
            // visits every (output, input tap) pair once; fn receives flat output, input and weight indices
            Tap loop = fn -> {
                for (int n = 0; n < b; n++) {
                    for (int o = 0; o < cout; o++) {
                        for (int ft = 0; ft < to; ft++) {
                            for (int i = 0; i < ho; i++) {
                                for (int j = 0; j < wo; j++) {
                                    int oi = (((n * cout + o) * to + ft) * ho + i) * wo + j;
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
                                                    if (jj < 0 || jj >= w) {
                                                        continue;
                                                    }
                                                    int xi = (((n * cin + c) * t + tt) * h + ii) * w + jj;
                                                    int wi = (((o * cin + c) * k.t() + a) * k.h() + u) * k.w() + e;
                                                    fn.accept(oi, xi, wi);
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            };
            double[] rv = r.data();
            loop.run((oi, xi, wi) -> rv[oi] += wv[wi] * xv[xi]);
            int per = to * ho * wo;
            if (bias) {
                for (int i = 0; i < rv.length; i++) {
                    rv[i] += bv[(i / per) % cout];
                }
            }
            return record(r, out -> {
                double[] gx = x.grad().data();
                double[] gw = pgrad(name + ".weight").data();
                double[] go = out.grad.data();
                loop.run((oi, xi, wi) -> {
                    gw[wi] += go[oi] * xv[xi];
                    gx[xi] += go[oi] * wv[wi];
                });
                if (bias) {
                    double[] gb = pgrad(name + ".bias").data();
                    for (int i = 0; i < go.length; i++) {
                        gb[(i / per) % cout] += go[i];
                    }
                }
            });
        }

        private V batchNorm(V x, String name, BatchNormConfig cfg) {
            Shape s = x.value.shape();
            int b = s.dim(0);
            int c = s.dim(1);
            int per = s.dim(2) * s.dim(3) * s.dim(4);
            int m = b * per;
            double[] xv = x.value.data();
            double[] gamma = values.get(name + ".weight").data();
            double[] beta = values.get(name + ".bias").data();
            DoubleTensor runMean = values.get(name + ".running_mean");
            DoubleTensor runVar = values.get(name + ".running_var");
            double[] mean = new double[c];
            double[] var = new double[c];
            if (mode == Mode.TRAIN) {
                for (int i = 0; i < xv.length; i++) {
                    mean[(i / per) % c] += xv[i];
                }
                for (int ch = 0; ch < c; ch++) {
                    mean[ch] /= m;
                }
                for (int i = 0; i < xv.length; i++) {
                    double d = xv[i] - mean[(i / per) % c];
                    var[(i / per) % c] += d * d;
                }
                for (int ch = 0; ch < c; ch++) {
                    var[ch] /= m;
                }
                if (updateRunning) {
                    DoubleTensor nm = runMean.copy();
                    DoubleTensor nv = runVar.copy();
                    for (int ch = 0; ch < c; ch++) {
                        double unbiased = m > 1 ? var[ch] * m / (m - 1) : var[ch];
                        nm.set(ch, (1 - cfg.momentum()) * runMean.get(ch) + cfg.momentum() * mean[ch]);
                        nv.set(ch, (1 - cfg.momentum()) * runVar.get(ch) + cfg.momentum() * unbiased);
                    }
                    values.put(name + ".running_mean", nm);
                    values.put(name + ".running_var", nv);
                }
            } else {
                for (int ch = 0; ch < c; ch++) {
                    mean[ch] = runMean.get(ch);
                    var[ch] = runVar.get(ch);
                }
            }
            double[] inv = new double[c];
            for (int ch = 0; ch < c; ch++) {
                inv[ch] = 1 / Math.sqrt(var[ch] + cfg.eps());
            }
            double[] xhat = new double[xv.length];
            double[] r = new double[xv.length];
            for (int i = 0; i < xv.length; i++) {
                int ch = (i / per) % c;
                xhat[i] = (xv[i] - mean[ch]) * inv[ch];
                r[i] = xhat[i] * gamma[ch] + beta[ch];
            }
            boolean train = mode == Mode.TRAIN;
            return record(new DoubleTensor(s, r), out -> {
                double[] go = out.grad.data();
                double[] gg = pgrad(name + ".weight").data();
                double[] gb = pgrad(name + ".bias").data();
                double[] sumG = new double[c];
                double[] sumGx = new double[c];
                for (int i = 0; i < go.length; i++) {
                    int ch = (i / per) % c;
                    gg[ch] += go[i] * xhat[i];
                    gb[ch] += go[i];
                    sumG[ch] += go[i];
                    sumGx[ch] += go[i] * xhat[i];
                }
                double[] gx = x.grad().data();
                for (int i = 0; i < go.length; i++) {
                    int ch = (i / per) % c;
                    gx[i] += train
                            ? gamma[ch] * inv[ch] * (go[i] - sumG[ch] / m - xhat[i] * sumGx[ch] / m)
                            : gamma[ch] * inv[ch] * go[i];
                }
            });
        }

        private V pool(V x, Size3 k, Size3 st, Size3 pad, boolean max) {
            Shape s = x.value.shape();
            int b = s.dim(0);
            int c = s.dim(1);
            int t = s.dim(2);
            int h = s.dim(3);
            int w = s.dim(4);
            int to = (t + 2 * pad.t() - k.t()) / st.t() + 1;
            int ho = (h + 2 * pad.h() - k.h()) / st.h() + 1;
            int wo = (w + 2 * pad.w() - k.w()) / st.w() + 1;
            double[] xv = x.value.data();
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
                            r.set(oi, max ? acc : acc / window);
                            arg[oi] = best;
                        }
                    }
                }
            }
            return record(r, out -> {
                double[] gx = x.grad().data();
                double[] go = out.grad.data();
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

        private V linear(V x, String name, int out) {
            Shape s = x.value.shape();
            int b = s.dim(0);
            int in = s.dim(1);
            int per = s.dim(2) * s.dim(3) * s.dim(4);
            double[] wv = values.get(name + ".weight").data();
            double[] bv = values.get(name + ".bias").data();
            double[] xv = x.value.data();
            DoubleTensor r = new DoubleTensor(Shape.of(b, out, s.dim(2), s.dim(3), s.dim(4)));
            for (int n = 0; n < b; n++) {
                for (int o = 0; o < out; o++) {
                    for (int p = 0; p < per; p++) {
                        double acc = bv[o];
                        for (int c = 0; c < in; c++) {
                            acc += wv[o * in + c] * xv[(n * in + c) * per + p];
                        }
                        r.set((n * out + o) * per + p, acc);
                    }
                }
            }
            return record(r, o2 -> {
                double[] go = o2.grad.data();
                double[] gw = pgrad(name + ".weight").data();
                double[] gb = pgrad(name + ".bias").data();
                double[] gx = x.grad().data();
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

        private V block(V x, String name, RepFlow f) {
            Map<String, HostTensor> init = new LinkedHashMap<>();
            f.block()
                    .parameterShapes()
                    .keySet()
                    .forEach(k -> init.put(k, values.get(name + "." + k).toHost()));
            ReferenceFlowBlock ref = new ReferenceFlowBlock(f.block(), init);
            // float64 values, not their float32 rounding
            f.block().parameterShapes().keySet().forEach(k -> ref.setParameter64(k, values.get(name + "." + k)));
            DoubleTensor y = mode == Mode.TRAIN && !updateRunning
                    ? ref.evaluate64(mode, List.of(x.value))
                    : ref.forward64(mode, List.of(x.value));
            if (mode == Mode.TRAIN && updateRunning) {
                for (String buffer : f.block().buffers()) {
                    values.put(name + "." + buffer, ref.parameter64(buffer).copy());
                }
            }
            return record(y, out -> {
                ReferenceModule.Gradients64 g = ref.backward64(mode, List.of(x.value), out.grad);
                x.grad().addInPlace(g.inputs().get(0));
                g.parameters().forEach((k, v) -> {
                    if (spec.trainableParameters().contains(name + "." + k)) {
                        pgrad(name + "." + k).addInPlace(v);
                    }
                });
            });
        }
    }

    @FunctionalInterface
    private interface TapFn {
        void accept(int out, int in, int weight);
    }

    @FunctionalInterface
    private interface Tap {
        void run(TapFn fn);
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : name.isEmpty() ? prefix : prefix + "." + name;
    }
}
