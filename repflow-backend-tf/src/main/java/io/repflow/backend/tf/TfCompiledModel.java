package io.repflow.backend.tf;

import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import io.repflow.models.spec.BatchNorm;
import io.repflow.models.spec.LateFusion;
import io.repflow.models.spec.Layer;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spec.ParameterGroup;
import io.repflow.models.spec.RepFlow;
import io.repflow.models.spec.Residual;
import io.repflow.models.spec.Sequential;
import io.repflow.models.spi.Batch;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.spi.LossAndGradients;
import io.repflow.models.spi.SgdStep;
import io.repflow.models.spi.StepResult;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A model spec as TensorFlow programs (one per mode, batch size, with or without loss gradients, built
 * on first use) in one graph and session, {@link TfModelSession}: parameters, running statistics and
 * momentum buffers are TensorFlow variables, the SGD update and the running-statistics update run in
 * the graph, exactly as {@link CompiledModel#trainStep} states. Host copies are made only when asked
 * for ({@link #parameters}, {@link #optimizerState}: a checkpoint). Dropout masks come from the
 * step's seed and are fed.
 */
final class TfCompiledModel implements CompiledModel {

    private enum Kind {
        EVAL,
        TRAIN_FORWARD,
        GRADIENTS
    }

    private final TfBackend backend;
    private final ModelSpec spec;
    private final Map<String, Double> statisticsMomentum = new HashMap<>();
    private final Map<List<Object>, TfModelSession.Program> programs = new HashMap<>();
    private final TfModelSession state;
    private long forwardDraws;
    private boolean closed;

    TfCompiledModel(TfBackend backend, ModelSpec spec, long seed) {
        this.backend = backend;
        this.spec = spec;
        Map<String, ParameterGroup> trainable = new LinkedHashMap<>();
        for (String name : spec.trainableParameters()) {
            trainable.put(name, spec.group(name));
        }
        collectMomenta(spec.network(), "");
        this.state = new TfModelSession(
                backend.sessionConfig(), spec.parameterShapes(), trainable, spec.initialParameters(seed));
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
        return state.read(List.of(name)).get(name);
    }

    @Override
    public synchronized Map<String, HostTensor> parameters() {
        return state.read(spec.parameterShapes().keySet());
    }

    @Override
    public synchronized void setParameter(String name, HostTensor value) {
        state.write(Map.of(name, value));
    }

    @Override
    public synchronized void setParameters(Map<String, HostTensor> values) {
        state.write(values);
    }

    @Override
    public synchronized HostTensor forward(Mode mode, HostTensor clips) {
        if (mode == Mode.EVAL) {
            return program(Kind.EVAL, clips.dim(0))
                    .run(TfModelSession.Run.FORWARD, clips, Map.of(), null)
                    .y();
        }
        TfModelSession.Program program = program(Kind.TRAIN_FORWARD, clips.dim(0));
        Map<String, HostTensor> feed = dropout(program, 0x5EED_F0E5L ^ forwardDraws++);
        return program.run(TfModelSession.Run.FORWARD_UPDATING_STATISTICS, clips, feed, null)
                .y();
    }

    @Override
    public synchronized LossAndGradients gradients(Batch batch, long seed) {
        TfModelSession.Outputs out = lossAndGradients(TfModelSession.Run.GRADIENTS, batch, seed, null);
        return new LossAndGradients(out.y().flat(0), out.extras().get("logits"), out.gradients());
    }

    @Override
    public synchronized StepResult trainStep(Batch batch, SgdStep step, long seed) {
        TfModelSession.Outputs out = lossAndGradients(TfModelSession.Run.SGD_STEP, batch, seed, step);
        return new StepResult(out.y().flat(0), out.gradientNorm(), out.extras().get("logits"));
    }

    private TfModelSession.Outputs lossAndGradients(TfModelSession.Run run, Batch batch, long seed, SgdStep step) {
        TfModelSession.Program program = program(Kind.GRADIENTS, batch.size());
        Map<String, HostTensor> feed = dropout(program, seed);
        float[] onehot = new float[batch.size() * spec.numClasses()];
        int[] labels = batch.labels();
        for (int b = 0; b < labels.length; b++) {
            onehot[b * spec.numClasses() + labels[b]] = 1f;
        }
        feed.put("labels", HostTensor.wrap(onehot, Shape.of(batch.size(), spec.numClasses())));
        return program.run(run, batch.clips(), feed, step);
    }

    /** One inverted-dropout mask per dropout placeholder, drawn from {@code seed}. */
    private Map<String, HostTensor> dropout(TfModelSession.Program program, long seed) {
        Map<String, HostTensor> feed = new HashMap<>();
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

    private TfModelSession.Program program(Kind kind, int batch) {
        if (closed) {
            throw new IllegalStateException("TensorFlow model '" + spec.name() + "' is closed");
        }
        return programs.computeIfAbsent(
                List.of(kind, batch),
                k -> state.program(
                        kind.name().toLowerCase(java.util.Locale.ROOT) + "_b" + batch,
                        spec.inputShape(batch),
                        (ops, feeds, in, ps, extras) -> build(kind, ops, feeds, in.get(0), ps, extras),
                        statisticsMomentum,
                        kind == Kind.GRADIENTS));
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
        return state.readMomentum();
    }

    @Override
    public synchronized void setOptimizerState(Map<String, HostTensor> state) {
        this.state.writeMomentum(state);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        programs.clear();
        state.close();
    }
}
