package io.repflow.backend.nd4j;

import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import io.repflow.spi.Gradients;
import io.repflow.spi.HostModule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What the ND4J modules share: parameter and buffer values by API name, and one SameDiff graph per
 * (mode, input shapes), built on first use and reused. Trainable parameters become SameDiff
 * variables; frozen parameters and buffers become constants, so SameDiff never differentiates them.
 * Not thread-safe in the engine, so every call is synchronized on the module.
 */
abstract class Nd4jModule implements HostModule {

    /** Graphs kept per module; the least recently used one is freed beyond this. */
    private static final int GRAPH_CACHE = 8;

    private final Nd4jBackend backend;
    private final String what;
    private final Map<String, Shape> shapes;
    private final Set<String> trainable;
    private final Map<String, HostTensor> values = new LinkedHashMap<>();
    private final Map<String, Long> revisions = new HashMap<>();
    private long revision;
    private final Nd4jGraphCache<GraphKey, Nd4jGraph> graphs = new Nd4jGraphCache<>(GRAPH_CACHE);
    private boolean closed;

    Nd4jModule(
            Nd4jBackend backend,
            String what,
            Map<String, Shape> shapes,
            Set<String> trainable,
            Map<String, HostTensor> initial) {
        this.backend = backend;
        this.what = what;
        this.shapes = Collections.unmodifiableMap(new LinkedHashMap<>(shapes));
        this.trainable = Collections.unmodifiableSet(new java.util.LinkedHashSet<>(trainable));
        shapes.keySet().forEach(name -> store(name, initial.get(name)));
    }

    /** Names of the inputs, in order; they become graph placeholders (or variables). */
    protected abstract List<String> inputNames();

    /** Adds the module's computation to {@code sd}, whose parameters and inputs already exist. */
    protected abstract Definition define(SameDiff sd, Mode mode, List<SDVariable> inputs, List<Shape> inputShapes);

    /** Whether the graph differs between TRAIN and EVAL (batch norm, dropout). */
    protected boolean dependsOnMode() {
        return false;
    }

    /**
     * The module's computation in a graph.
     *
     * @param output         the module's output
     * @param updatedBuffers buffer name → its new value after a TRAIN forward
     */
    protected record Definition(SDVariable output, Map<String, SDVariable> updatedBuffers) {
        static Definition of(SDVariable output) {
            return new Definition(output, Map.of());
        }
    }

    @Override
    public Map<String, Shape> parameterShapes() {
        return shapes;
    }

    @Override
    public Set<String> trainableParameters() {
        return trainable;
    }

    @Override
    public synchronized HostTensor parameter(String name) {
        open();
        HostTensor v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException(what + " has no parameter '" + name + "'; it has " + shapes.keySet());
        }
        return v;
    }

    @Override
    public synchronized void setParameter(String name, HostTensor value) {
        open();
        if (!shapes.containsKey(name)) {
            throw new IllegalArgumentException(what + " has no parameter '" + name + "'; it has " + shapes.keySet());
        }
        store(name, value.requireShape(what + " parameter '" + name + "'", shapes.get(name)));
    }

    @Override
    public synchronized HostTensor forward(Mode mode, List<HostTensor> inputs) {
        open();
        Nd4jGraph graph = graph(mode, inputs);
        boolean train = mode == Mode.TRAIN;
        Nd4jGraph.Result r = graph.forward(inputs, train);
        r.buffers().forEach(this::store);
        return r.output();
    }

    @Override
    public synchronized Gradients backward(Mode mode, List<HostTensor> inputs, HostTensor gradOutput) {
        open();
        Nd4jGraph graph = graph(mode, inputs);
        Map<String, Shape> wanted = new LinkedHashMap<>();
        trainable.forEach(name -> wanted.put(name, shapes.get(name)));
        Nd4jGraph.Result.Grads g = graph.gradients(inputs, gradOutput, wanted);
        return new Gradients(g.inputs(), g.parameters());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        graphs.drain().forEach(Nd4jGraph::close);
        backend.forget(this);
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException(what + " of backend '" + backend.id() + "' is closed");
        }
        backend.onThisThread();
    }

    private void store(String name, HostTensor value) {
        values.put(name, value);
        revisions.put(name, ++revision);
    }

    private Nd4jGraph graph(Mode mode, List<HostTensor> inputs) {
        List<Shape> inputShapes = new ArrayList<>();
        inputs.forEach(t -> inputShapes.add(t.shape()));
        GraphKey key = new GraphKey(dependsOnMode() ? mode : null, inputShapes);
        Nd4jGraph graph = graphs.get(key, () -> build(mode, inputShapes));
        graph.sync(values, revisions);
        return graph;
    }

    private Nd4jGraph build(Mode mode, List<Shape> inputShapes) {
        SameDiff sd = SameDiff.create();
        Nd4jTensors.declare(sd, values, trainable);
        boolean inputsAsVariables = trainable.isEmpty();
        List<String> names = inputNames();
        List<SDVariable> in = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            long[] shape = Nd4jTensors.longs(inputShapes.get(i).dims());
            in.add(
                    inputsAsVariables
                            ? sd.var(names.get(i), DataType.FLOAT, shape)
                            : sd.placeHolder(names.get(i), DataType.FLOAT, shape));
        }
        Definition d = define(sd, mode, in, inputShapes);
        Shape outShape = outputShape(inputShapes);
        SDVariable out = sd.identity(Nd4jGraph.OUTPUT, d.output());
        SDVariable gradOut = sd.placeHolder(Nd4jGraph.GRAD_OUTPUT, DataType.FLOAT, Nd4jTensors.longs(outShape.dims()));
        sd.setLossVariables(out.mul(gradOut).sum(Nd4jGraph.LOSS));
        Map<String, String> updated = new LinkedHashMap<>();
        d.updatedBuffers().forEach((buffer, v) -> updated.put(buffer, v.name()));
        return new Nd4jGraph(sd, names, inputShapes, inputsAsVariables, outShape, updated);
    }

    private record GraphKey(Mode mode, List<Shape> inputShapes) {}
}
