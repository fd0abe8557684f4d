package io.repflow.backend.tf;

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

/**
 * Base of the TensorFlow modules: parameter values live on the host and are fed to the graph of
 * each call; a graph is built once per (mode, input shapes, with or without gradients) and kept.
 * Batch-norm running statistics are updated on the host from the batch statistics a TRAIN forward
 * pass returns (PyTorch's rule), never by a backward pass.
 */
abstract class TfModule implements HostModule {

    private final TfBackend backend;
    private final Map<String, Shape> shapes;
    private final Set<String> trainable;
    private final Map<String, HostTensor> values = new LinkedHashMap<>();
    private final Map<List<Object>, TfGraph> programs = new HashMap<>();
    private boolean closed;

    TfModule(TfBackend backend, Map<String, Shape> shapes, Set<String> trainable, Map<String, HostTensor> initial) {
        this.backend = backend;
        this.shapes = Collections.unmodifiableMap(new LinkedHashMap<>(shapes));
        this.trainable = Collections.unmodifiableSet(new java.util.LinkedHashSet<>(trainable));
        shapes.keySet().forEach(n -> values.put(n, initial.get(n)));
    }

    /** The computation; TRAIN-mode batch norms put their batch statistics into {@code stats} under the running-buffer names. */
    abstract org.tensorflow.Operand<org.tensorflow.types.TFloat32> build(
            TfGraphOps ops,
            List<org.tensorflow.Operand<org.tensorflow.types.TFloat32>> inputs,
            Map<String, org.tensorflow.Operand<org.tensorflow.types.TFloat32>> params,
            Mode mode,
            Map<String, org.tensorflow.Operand<org.tensorflow.types.TFloat32>> stats);

    /** Momentum of the running statistics (0 when the module has none). */
    double momentum() {
        return 0;
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
        return values.get(name);
    }

    @Override
    public synchronized void setParameter(String name, HostTensor value) {
        values.put(name, value);
    }

    @Override
    public synchronized HostTensor forward(Mode mode, List<HostTensor> inputs) {
        TfGraph.Outputs out = program(mode, inputs, false).run(inputs, values, null);
        out.extras().forEach((name, batch) -> values.put(name, running(values.get(name), batch)));
        return out.y();
    }

    @Override
    public synchronized Gradients backward(Mode mode, List<HostTensor> inputs, HostTensor gradOutput) {
        TfGraph.Outputs out = program(mode, inputs, true).run(inputs, values, gradOutput);
        return new Gradients(out.inputGradients(), out.parameterGradients());
    }

    private HostTensor running(HostTensor current, HostTensor batch) {
        float m = (float) momentum();
        float[] r = current.toArray();
        for (int i = 0; i < r.length; i++) {
            r[i] = (1 - m) * r[i] + m * batch.flat(i);
        }
        return HostTensor.wrap(r, current.shape());
    }

    private TfGraph program(Mode mode, List<HostTensor> inputs, boolean gradients) {
        if (closed) {
            throw new IllegalStateException("TensorFlow module is closed");
        }
        List<Shape> inputShapes = new ArrayList<>();
        inputs.forEach(t -> inputShapes.add(t.shape()));
        List<Object> key = List.of(mode, inputShapes, gradients);
        return programs.computeIfAbsent(
                key,
                k -> new TfGraph(
                        backend.sessionConfig(),
                        inputShapes,
                        shapes,
                        (ops, in, ps, extras) -> build(ops, in, ps, mode, extras),
                        gradients ? new ArrayList<>(trainable) : null));
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
