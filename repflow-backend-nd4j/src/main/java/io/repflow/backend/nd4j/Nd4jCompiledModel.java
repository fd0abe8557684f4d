package io.repflow.backend.nd4j;

import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spi.Batch;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.spi.LossAndGradients;
import io.repflow.models.spi.SgdStep;
import io.repflow.models.spi.StepResult;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A model spec compiled to SameDiff graphs, one per (mode, batch size), built on first use. The
 * parameters, running statistics and momentum buffers live on the host in float32 under the spec's
 * names (so checkpoints read and write them as they are) and are copied into a graph when they
 * changed; the SGD update is applied on the host exactly as {@link CompiledModel#trainStep} states.
 * Dropout masks come from the step's seed. Not thread-safe in the engine: every call is synchronized.
 */
final class Nd4jCompiledModel implements CompiledModel {

    /** Graphs kept per model; the least recently used one is freed beyond this. */
    private static final int GRAPH_CACHE = 6;

    private final Nd4jBackend backend;
    private final ModelSpec spec;
    private final Map<String, Shape> shapes;
    private final Set<String> trainable;
    private final Map<String, Shape> trainableShapes = new LinkedHashMap<>();
    private final Map<String, HostTensor> values = new LinkedHashMap<>();
    private final Map<String, Long> revisions = new HashMap<>();
    private final Map<String, HostTensor> momentum = new LinkedHashMap<>();
    private final Nd4jGraphCache<GraphKey, Nd4jModelGraph> graphs = new Nd4jGraphCache<>(GRAPH_CACHE);
    private long revision;
    private long forwardDraws;
    private boolean closed;

    Nd4jCompiledModel(Nd4jBackend backend, ModelSpec spec, long seed) {
        this.backend = backend;
        this.spec = spec;
        this.shapes = spec.parameterShapes();
        this.trainable = spec.trainableParameters();
        spec.initialParameters(seed).forEach(this::store);
        for (String name : trainable) {
            trainableShapes.put(name, shapes.get(name));
            momentum.put(name, HostTensor.zeros(shapes.get(name)));
        }
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public synchronized HostTensor parameter(String name) {
        HostTensor v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("model '" + spec.name() + "' has no parameter or buffer '" + name + "'");
        }
        return v;
    }

    @Override
    public synchronized void setParameter(String name, HostTensor value) {
        if (!shapes.containsKey(name)) {
            throw new IllegalArgumentException("model '" + spec.name() + "' has no parameter or buffer '" + name + "'");
        }
        store(name, value.requireShape("parameter '" + name + "'", shapes.get(name)));
    }

    @Override
    public synchronized HostTensor forward(Mode mode, HostTensor clips) {
        Nd4jModelGraph graph = graph(mode, clips.dim(0));
        if (mode == Mode.EVAL) {
            return graph.forward(clips, Map.of(), false).logits();
        }
        Nd4jModelGraph.Outputs out = graph.forward(clips, masks(graph, 0x5EED_F0E5L ^ forwardDraws++), true);
        out.buffers().forEach(this::store);
        return out.logits();
    }

    @Override
    public synchronized LossAndGradients gradients(Batch batch, long seed) {
        Nd4jModelGraph.Outputs out = lossAndGradients(batch, seed, false);
        return new LossAndGradients(out.loss(), out.logits(), out.gradients());
    }

    @Override
    public synchronized StepResult trainStep(Batch batch, SgdStep step, long seed) {
        Nd4jModelGraph.Outputs out = lossAndGradients(batch, seed, true);
        out.buffers().forEach(this::store);
        for (String name : trainable) {
            SgdStep.Update u = step.apply(
                    spec.group(name),
                    values.get(name),
                    momentum.get(name),
                    out.gradients().get(name));
            store(name, u.weights());
            momentum.put(name, u.momentum());
        }
        return new StepResult(out.loss(), SgdStep.gradientNorm(out.gradients().values()), out.logits());
    }

    private Nd4jModelGraph.Outputs lossAndGradients(Batch batch, long seed, boolean buffers) {
        Nd4jModelGraph graph = graph(Mode.TRAIN, batch.size());
        int k = spec.numClasses();
        float[] onehot = new float[batch.size() * k];
        int[] labels = batch.labels();
        for (int b = 0; b < labels.length; b++) {
            onehot[b * k + labels[b]] = 1f;
        }
        return graph.lossAndGradients(
                batch.clips(),
                HostTensor.wrap(onehot, Shape.of(batch.size(), k)),
                masks(graph, seed),
                trainableShapes,
                buffers);
    }

    /** One inverted-dropout mask (0 or 1/(1-p)) per dropout placeholder of {@code graph}, drawn from {@code seed}. */
    private static Map<String, HostTensor> masks(Nd4jModelGraph graph, long seed) {
        Map<String, HostTensor> feeds = new HashMap<>();
        int i = 0;
        for (Nd4jSpecGraph.Mask mask : graph.masks()) {
            int[] dims = new int[mask.shape().length];
            for (int d = 0; d < dims.length; d++) {
                dims[d] = Math.toIntExact(mask.shape()[d]);
            }
            Shape shape = Shape.of(dims);
            float keep = (float) (1 / (1 - mask.rate()));
            SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i++);
            float[] m = new float[shape.size()];
            for (int e = 0; e < m.length; e++) {
                m[e] = r.nextDouble() < mask.rate() ? 0f : keep;
            }
            feeds.put(mask.name(), HostTensor.wrap(m, shape));
        }
        return feeds;
    }

    private void store(String name, HostTensor value) {
        values.put(name, value);
        revisions.put(name, ++revision);
    }

    private Nd4jModelGraph graph(Mode mode, int batch) {
        if (closed) {
            throw new IllegalStateException("ND4J model '" + spec.name() + "' is closed");
        }
        backend.onThisThread();
        GraphKey key = new GraphKey(mode, batch);
        Nd4jModelGraph graph = graphs.get(key, () -> Nd4jModelGraph.build(spec, mode, batch, values, trainable));
        graph.sync(values, revisions);
        return graph;
    }

    @Override
    public synchronized Map<String, HostTensor> optimizerState() {
        return new LinkedHashMap<>(momentum);
    }

    @Override
    public synchronized void setOptimizerState(Map<String, HostTensor> state) {
        state.forEach((name, value) ->
                momentum.put(name, value.requireShape("momentum buffer '" + name + "'", shapes.get(name))));
    }

    @Override
    public void close() {
        List<Nd4jModelGraph> open;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open = graphs.drain();
        }
        open.forEach(Nd4jModelGraph::close);
        backend.forget(this);
    }

    @Override
    public String toString() {
        return "Nd4jCompiledModel[" + spec.name() + "]";
    }

    private record GraphKey(Mode mode, int batch) {}
}
