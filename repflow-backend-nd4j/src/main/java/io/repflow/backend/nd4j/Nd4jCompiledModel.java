package io.repflow.backend.nd4j;

import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spec.ParameterGroup;
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
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model spec compiled to SameDiff graphs, one per (mode, batch size), built on first use. The
 * parameters, running statistics and momentum buffers are ND4J arrays owned by this model, in the
 * engine's memory, under the spec's names; every graph holds the model's own arrays (no copies), the
 * SGD update ({@link Nd4jSgd}) and the running-statistics update are done on them in place, and host
 * copies are made only when asked for ({@link #parameters}, {@link #optimizerState}: a checkpoint).
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
    private final Map<String, ParameterGroup> groups = new LinkedHashMap<>();
    private final Map<String, INDArray> values = new LinkedHashMap<>();
    private final Map<String, INDArray> momentum = new LinkedHashMap<>();
    private final Nd4jGraphCache<GraphKey, Nd4jModelGraph> graphs = new Nd4jGraphCache<>(GRAPH_CACHE);
    private long forwardDraws;
    private boolean closed;

    Nd4jCompiledModel(Nd4jBackend backend, ModelSpec spec, long seed) {
        this.backend = backend;
        this.spec = spec;
        this.shapes = spec.parameterShapes();
        this.trainable = spec.trainableParameters();
        // the model's arrays are allocated here, on the backend's device
        backend.onThisThread();
        spec.initialParameters(seed).forEach((name, value) -> values.put(name, Nd4jTensors.toNative(value)));
        for (String name : trainable) {
            trainableShapes.put(name, shapes.get(name));
            groups.put(name, spec.group(name));
            momentum.put(name, Nd4jTensors.toNative(HostTensor.zeros(shapes.get(name))));
        }
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public synchronized HostTensor parameter(String name) {
        return Nd4jTensors.toHost(known(name), shapes.get(name));
    }

    @Override
    public synchronized void setParameter(String name, HostTensor value) {
        INDArray target = known(name);
        Nd4jTensors.copyInto(value.requireShape("parameter '" + name + "'", shapes.get(name)), target);
    }

    private INDArray known(String name) {
        open();
        INDArray v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("model '" + spec.name() + "' has no parameter or buffer '" + name + "'");
        }
        return v;
    }

    @Override
    public synchronized HostTensor forward(Mode mode, HostTensor clips) {
        Nd4jModelGraph graph = graph(mode, clips.dim(0));
        if (mode == Mode.EVAL) {
            return graph.forward(clips, Map.of(), null).logits();
        }
        return graph.forward(
                        clips, masks(graph, 0x5EED_F0E5L ^ forwardDraws++), (none, buffers) -> storeBuffers(buffers))
                .logits();
    }

    @Override
    public synchronized LossAndGradients gradients(Batch batch, long seed) {
        Nd4jModelGraph.Outputs out = lossAndGradients(batch, seed, null);
        return new LossAndGradients(out.loss(), out.logits(), out.gradients());
    }

    @Override
    public synchronized StepResult trainStep(Batch batch, SgdStep step, long seed) {
        double[] norm = new double[1];
        Nd4jModelGraph.Outputs out = lossAndGradients(batch, seed, (gradients, buffers) -> {
            storeBuffers(buffers);
            norm[0] = Nd4jSgd.apply(step, groups, values, momentum, gradients);
        });
        return new StepResult(out.loss(), norm[0], out.logits());
    }

    /** Running statistics after a TRAIN pass, copied into the model's arrays in the engine. */
    private void storeBuffers(Map<String, INDArray> buffers) {
        buffers.forEach((name, after) -> {
            INDArray target = values.get(name);
            target.assign(after.reshape(target.shape()));
        });
    }

    private Nd4jModelGraph.Outputs lossAndGradients(Batch batch, long seed, Nd4jModelGraph.InEngine inEngine) {
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
                inEngine);
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

    private Nd4jModelGraph graph(Mode mode, int batch) {
        open();
        GraphKey key = new GraphKey(mode, batch);
        return graphs.get(key, () -> Nd4jModelGraph.build(spec, mode, batch, values, trainable));
    }

    /** Refuses a closed model and binds the backend's device on this thread: every call touches the model's arrays. */
    private void open() {
        if (closed) {
            throw new IllegalStateException("ND4J model '" + spec.name() + "' is closed");
        }
        backend.onThisThread();
    }

    @Override
    public synchronized Map<String, HostTensor> optimizerState() {
        open();
        Map<String, HostTensor> out = new LinkedHashMap<>();
        momentum.forEach((name, buf) -> out.put(name, Nd4jTensors.toHost(buf, shapes.get(name))));
        return out;
    }

    @Override
    public synchronized void setOptimizerState(Map<String, HostTensor> state) {
        open();
        state.forEach((name, value) -> Nd4jTensors.copyInto(
                value.requireShape("momentum buffer '" + name + "'", shapes.get(name)), momentum.get(name)));
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
        synchronized (this) {
            Nd4jTensors.releaseAll(values.values());
            Nd4jTensors.releaseAll(momentum.values());
        }
        backend.forget(this);
    }

    @Override
    public String toString() {
        return "Nd4jCompiledModel[" + spec.name() + "]";
    }

    private record GraphKey(Mode mode, int batch) {}
}
