package io.repflow.backend.tf;

import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import io.repflow.models.spec.BatchNorm;
import io.repflow.models.spec.LateFusion;
import io.repflow.models.spec.Layer;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spec.RepFlow;
import io.repflow.models.spec.Residual;
import io.repflow.models.spec.Sequential;
import io.repflow.models.spi.Batch;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.spi.LossAndGradients;
import io.repflow.models.spi.SgdStep;
import io.repflow.models.spi.StepResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A model spec as TensorFlow graphs: one per (mode, batch size, with or without loss gradients),
 * built on first use. Parameters, running statistics and momentum buffers live on the host in
 * float32 and are fed to each run; the SGD update is applied on the host exactly as
 * {@link CompiledModel#trainStep} states. Dropout masks come from the step's seed.
 */
final class TfCompiledModel implements CompiledModel {

    private enum Kind {
        EVAL,
        TRAIN_FORWARD,
        GRADIENTS
    }

    private final TfBackend backend;
    private final ModelSpec spec;
    private final Map<String, HostTensor> values = new LinkedHashMap<>();
    private final Map<String, HostTensor> momentum = new LinkedHashMap<>();
    private final Map<String, Double> statisticsMomentum = new HashMap<>();
    private final Map<List<Object>, TfGraph> programs = new HashMap<>();
    private final List<String> trainable;
    private long forwardDraws;
    private boolean closed;

    TfCompiledModel(TfBackend backend, ModelSpec spec, long seed) {
        this.backend = backend;
        this.spec = spec;
        values.putAll(spec.initialParameters(seed));
        this.trainable = new ArrayList<>(spec.trainableParameters());
        for (String name : trainable) {
            momentum.put(name, HostTensor.zeros(spec.parameterShapes().get(name)));
        }
        collectMomenta(spec.network(), "");
    }

    /** Which running buffer is updated with which batch-norm momentum. */
    private void collectMomenta(Layer layer, String prefix) {
        if (layer instanceof Sequential s) {
            String p = join(prefix, s.name());
            s.layers().forEach(l -> collectMomenta(l, p));
        } else if (layer instanceof Residual r) {
            String p = join(prefix, r.name());
            r.body().forEach(l -> collectMomenta(l, p));
            r.shortcut().forEach(l -> collectMomenta(l, join(p, Residual.SHORTCUT)));
        } else if (layer instanceof LateFusion f) {
            collectMomenta(f.rgb(), prefix);
            collectMomenta(f.flow(), prefix);
        } else if (layer instanceof BatchNorm b) {
            String n = join(prefix, b.name());
            statisticsMomentum.put(n + ".running_mean", b.config().momentum());
            statisticsMomentum.put(n + ".running_var", b.config().momentum());
        } else if (layer instanceof RepFlow r) {
            String n = join(prefix, r.name());
            for (String buffer : r.block().buffers()) {
                statisticsMomentum.put(n + "." + buffer, r.block().batchNorm().momentum());
            }
        }
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : (name.isEmpty() ? prefix : prefix + "." + name);
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public synchronized HostTensor parameter(String name) {
        return values.get(name);
    }

    @Override
    public synchronized void setParameter(String name, HostTensor value) {
        values.put(name, value);
    }

    @Override
    public synchronized HostTensor forward(Mode mode, HostTensor clips) {
        if (mode == Mode.EVAL) {
            return program(Kind.EVAL, clips.dim(0))
                    .run(List.of(clips), values, null)
                    .y();
        }
        TfGraph program = program(Kind.TRAIN_FORWARD, clips.dim(0));
        Map<String, HostTensor> feed = withDropout(program, 0x5EED_F0E5L ^ forwardDraws++);
        TfGraph.Outputs out = program.run(List.of(clips), feed, null);
        updateStatistics(out.extras());
        return out.y();
    }

    @Override
    public synchronized LossAndGradients gradients(Batch batch, long seed) {
        TfGraph.Outputs out = lossAndGradients(batch, seed);
        return new LossAndGradients(
                out.y().flat(0), out.extras().get("logits"), new LinkedHashMap<>(out.parameterGradients()));
    }

    @Override
    public synchronized StepResult trainStep(Batch batch, SgdStep step, long seed) {
        TfGraph.Outputs out = lossAndGradients(batch, seed);
        updateStatistics(out.extras());
        for (String name : trainable) {
            SgdStep.Update u = step.apply(
                    spec.group(name),
                    values.get(name),
                    momentum.get(name),
                    out.parameterGradients().get(name));
            values.put(name, u.weights());
            momentum.put(name, u.momentum());
        }
        return new StepResult(
                out.y().flat(0),
                SgdStep.gradientNorm(out.parameterGradients().values()),
                out.extras().get("logits"));
    }

    private TfGraph.Outputs lossAndGradients(Batch batch, long seed) {
        TfGraph program = program(Kind.GRADIENTS, batch.size());
        Map<String, HostTensor> feed = withDropout(program, seed);
        float[] onehot = new float[batch.size() * spec.numClasses()];
        int[] labels = batch.labels();
        for (int b = 0; b < labels.length; b++) {
            onehot[b * spec.numClasses() + labels[b]] = 1f;
        }
        feed.put("labels", HostTensor.wrap(onehot, Shape.of(batch.size(), spec.numClasses())));
        return program.run(List.of(batch.clips()), feed, HostTensor.wrap(new float[] {1f}, Shape.of()));
    }

    /** The parameter values plus one inverted-dropout mask per dropout placeholder, drawn from {@code seed}. */
    private Map<String, HostTensor> withDropout(TfGraph program, long seed) {
        Map<String, HostTensor> feed = new HashMap<>(values);
        Map<String, Double> rates = dropoutRates();
        int i = 0;
        for (Map.Entry<String, long[]> e : program.dynamicShapes().entrySet()) {
            if (!e.getKey().startsWith("dropout")) {
                continue;
            }
            long[] s = e.getValue();
            int[] dims = new int[s.length];
            for (int k = 0; k < s.length; k++) {
                dims[k] = Math.toIntExact(s[k]);
            }
            double rate = rates.get(e.getKey());
            float keep = (float) (1 / (1 - rate));
            SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i++);
            Shape shape = Shape.of(dims);
            float[] m = new float[shape.size()];
            for (int k = 0; k < m.length; k++) {
                m[k] = r.nextDouble() < rate ? 0f : keep;
            }
            feed.put(e.getKey(), HostTensor.wrap(m, shape));
        }
        return feed;
    }

    /** Dropout rates in walk order, by feed name. */
    private Map<String, Double> dropoutRates() {
        Map<String, Double> rates = new LinkedHashMap<>();
        collectDropouts(spec.network(), rates);
        return rates;
    }

    private static void collectDropouts(Layer layer, Map<String, Double> rates) {
        if (layer instanceof Sequential s) {
            s.layers().forEach(l -> collectDropouts(l, rates));
        } else if (layer instanceof Residual r) {
            r.body().forEach(l -> collectDropouts(l, rates));
            r.shortcut().forEach(l -> collectDropouts(l, rates));
        } else if (layer instanceof LateFusion f) {
            collectDropouts(f.rgb(), rates);
            collectDropouts(f.flow(), rates);
        } else if (layer instanceof io.repflow.models.spec.Dropout d && d.p() > 0) {
            rates.put(TfSpecGraph.dropoutFeed(rates.size()), d.p());
        }
    }

    private void updateStatistics(Map<String, HostTensor> batchStatistics) {
        batchStatistics.forEach((name, batch) -> {
            Double m = statisticsMomentum.get(name);
            if (m == null) {
                return; // "logits" and other outputs
            }
            float mf = m.floatValue();
            float[] r = values.get(name).toArray();
            for (int i = 0; i < r.length; i++) {
                r[i] = (1 - mf) * r[i] + mf * batch.flat(i);
            }
            values.put(name, HostTensor.wrap(r, values.get(name).shape()));
        });
    }

    private TfGraph program(Kind kind, int batch) {
        if (closed) {
            throw new IllegalStateException("TensorFlow model '" + spec.name() + "' is closed");
        }
        return programs.computeIfAbsent(
                List.of(kind, batch),
                k -> new TfGraph(
                        backend.sessionConfig(),
                        List.of(spec.inputShape(batch)),
                        spec.parameterShapes(),
                        (ops, feeds, in, ps, extras) -> build(kind, ops, feeds, in.get(0), ps, extras),
                        kind == Kind.GRADIENTS ? trainable : null));
    }

    private Operand<TFloat32> build(
            Kind kind,
            TfGraphOps ops,
            TfGraph.Feeds feeds,
            Operand<TFloat32> clips,
            Map<String, Operand<TFloat32>> ps,
            Map<String, Operand<TFloat32>> extras) {
        boolean train = kind != Kind.EVAL;
        Map<String, Operand<TFloat32>> stats = new LinkedHashMap<>();
        Operand<TFloat32> logits = spec.network()
                .accept(new TfSpecGraph(ops, "", ps, train, stats, feeds, new int[1]))
                .apply(clips);
        extras.putAll(stats);
        if (kind != Kind.GRADIENTS) {
            return logits;
        }
        extras.put("logits", logits);
        Operand<TFloat32> labels = feeds.placeholder("labels", logits.shape());
        Operand<TFloat32> logp = ops.tf.nn.logSoftmax(logits);
        Operand<TFloat32> sum = ops.tf.reduceSum(ops.mul(labels, logp), ops.tf.constant(new int[] {0, 1}));
        return ops.mul(sum, ops.c(-1f / TfGraphOps.dims(logits)[0]));
    }

    @Override
    public synchronized Map<String, HostTensor> optimizerState() {
        return new LinkedHashMap<>(momentum);
    }

    @Override
    public synchronized void setOptimizerState(Map<String, HostTensor> state) {
        state.forEach(momentum::put);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        programs.values().forEach(TfGraph::close);
        programs.clear();
    }
}
