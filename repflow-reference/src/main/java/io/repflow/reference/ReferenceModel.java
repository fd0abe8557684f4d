package io.repflow.reference;

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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The float64 reference of a whole {@link ModelSpec}: forward passes in EVAL and TRAIN mode and the
 * exact reverse pass of the mean softmax cross-entropy, every layer recorded on the reference's one
 * {@link Tape} as its record's javadoc defines it. Rep-flow blocks run through {@link
 * ReferenceFlowBlock} (itself on a tape) as one op. Dropout is the identity here
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
        Tape.Node logits = pass.run(clips);
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
        pass.tape.backward(logits, g);
        Map<String, DoubleTensor> grads = new LinkedHashMap<>();
        for (String name : spec.trainableParameters()) {
            Tape.Node p = pass.params.get(name);
            grads.put(
                    name,
                    p == null || p.grad == null
                            ? new DoubleTensor(values.get(name).shape())
                            : p.grad);
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

    /** One forward pass recorded on a {@link Tape}; parameters are its leaves, made on first use. */
    private final class Pass {
        final Mode mode;
        final boolean updateRunning;
        final Tape tape = new Tape();
        final Map<String, Tape.Node> params = new LinkedHashMap<>();

        Pass(Mode mode, boolean updateRunning) {
            this.mode = mode;
            this.updateRunning = updateRunning;
        }

        Tape.Node run(DoubleTensor clips) {
            return layer(spec.network(), "", tape.leaf(clips));
        }

        private Tape.Node param(String name) {
            return params.computeIfAbsent(name, n -> tape.leaf(values.get(n)));
        }

        private Tape.Node layer(Layer layer, String prefix, Tape.Node x) {
            return layer.accept(new LayerVisitor<Tape.Node>() {
                @Override
                public Tape.Node visit(Conv2d c) {
                    return conv(
                            x,
                            join(prefix, c.name()),
                            c.bias(),
                            new Size3(1, c.kernel(), c.kernel()),
                            new Size3(1, c.stride(), c.stride()),
                            new Size3(0, c.padding(), c.padding()));
                }

                @Override
                public Tape.Node visit(Conv3d c) {
                    return conv(x, join(prefix, c.name()), c.bias(), c.kernel(), c.stride(), c.padding());
                }

                @Override
                public Tape.Node visit(BatchNorm b) {
                    return batchNorm(x, join(prefix, b.name()), b.config());
                }

                @Override
                public Tape.Node visit(Relu r) {
                    return tape.relu(x);
                }

                @Override
                public Tape.Node visit(MaxPool m) {
                    return tape.pool(x, m.kernel(), m.stride(), m.padding(), true);
                }

                @Override
                public Tape.Node visit(AvgPool a) {
                    return tape.pool(x, a.kernel(), a.stride(), new Size3(0, 0, 0), false);
                }

                @Override
                public Tape.Node visit(GlobalAvgPool g) {
                    Shape s = x.value.shape();
                    return tape.pool(
                            x, new Size3(1, s.dim(3), s.dim(4)), new Size3(1, 1, 1), new Size3(0, 0, 0), false);
                }

                @Override
                public Tape.Node visit(TemporalMean t) {
                    Shape s = x.value.shape();
                    return tape.pool(x, new Size3(s.dim(2), 1, 1), new Size3(1, 1, 1), new Size3(0, 0, 0), false);
                }

                @Override
                public Tape.Node visit(Linear l) {
                    String name = join(prefix, l.name());
                    return tape.linear(x, param(name + ".weight"), param(name + ".bias"));
                }

                @Override
                public Tape.Node visit(Dropout d) {
                    return x;
                }

                @Override
                public Tape.Node visit(Flatten f) {
                    Shape s = x.value.shape();
                    return tape.reshape(x, Shape.of(s.dim(0), s.dim(1)));
                }

                @Override
                public Tape.Node visit(Sequential s) {
                    String p = join(prefix, s.name());
                    Tape.Node y = x;
                    for (Layer l : s.layers()) {
                        y = layer(l, p, y);
                    }
                    return y;
                }

                @Override
                public Tape.Node visit(Residual r) {
                    String p = join(prefix, r.name());
                    Tape.Node body = x;
                    for (Layer l : r.body()) {
                        body = layer(l, p, body);
                    }
                    Tape.Node shortcut = x;
                    for (Layer l : r.shortcut()) {
                        shortcut = layer(l, join(p, Residual.SHORTCUT), shortcut);
                    }
                    return tape.relu(tape.add(body, shortcut));
                }

                @Override
                public Tape.Node visit(RepFlow f) {
                    return block(x, join(prefix, f.name()), f);
                }

                @Override
                public Tape.Node visit(LateFusion l) {
                    Tape.Node rgb = layer(l.rgb(), prefix, x);
                    Tape.Node flow = layer(l.flow(), prefix, x);
                    return tape.add(tape.scale(rgb, 0.5), tape.scale(flow, 0.5));
                }
            });
        }

        private Tape.Node conv(Tape.Node x, String name, boolean bias, Size3 k, Size3 st, Size3 pad) {
            return tape.conv(x, param(name + ".weight"), bias ? param(name + ".bias") : null, k, st, pad);
        }

        /** Batch norm; a TRAIN pass that updates the running statistics stores new tensors for them. */
        private Tape.Node batchNorm(Tape.Node x, String name, BatchNormConfig cfg) {
            DoubleTensor runMean = values.get(name + ".running_mean").copy();
            DoubleTensor runVar = values.get(name + ".running_var").copy();
            Tape.Node y = tape.batchNorm(
                    x, param(name + ".weight"), param(name + ".bias"), runMean, runVar, mode, cfg, updateRunning);
            if (mode == Mode.TRAIN && updateRunning) {
                values.put(name + ".running_mean", runMean);
                values.put(name + ".running_var", runVar);
            }
            return y;
        }

        /** A rep-flow block as one op on the tape: {@link ReferenceFlowBlock} computes it and its reverse pass. */
        private Tape.Node block(Tape.Node x, String name, RepFlow f) {
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
            return tape.record(y, out -> {
                ReferenceModule.Gradients64 g = ref.backward64(mode, List.of(x.value), out.grad);
                x.grad().addInPlace(g.inputs().get(0));
                g.parameters().forEach((k, v) -> {
                    if (spec.trainableParameters().contains(name + "." + k)) {
                        param(name + "." + k).grad().addInPlace(v);
                    }
                });
            });
        }
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : name.isEmpty() ? prefix : prefix + "." + name;
    }
}
