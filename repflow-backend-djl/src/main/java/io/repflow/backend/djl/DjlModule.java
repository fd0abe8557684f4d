package io.repflow.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import io.repflow.spi.Gradients;
import io.repflow.spi.HostModule;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A DJL block driven with host tensors: parameters by repflow name, forward, and backward through
 * PyTorch autograd. Each call works in its own sub-manager that is closed before returning, so
 * nothing but the parameters stays in native memory between calls.
 */
abstract class DjlModule<B extends AbstractBlock> implements HostModule {

    private final DjlBackend backend;
    private final NDManager manager;
    private final B block;
    private final Map<String, Parameter> named;
    private final Map<String, Shape> shapes;
    private final Set<String> trainable;
    private boolean closed;

    DjlModule(
            DjlBackend backend,
            B block,
            Map<String, Parameter> named,
            Map<String, Shape> shapes,
            Set<String> trainable,
            Map<String, HostTensor> initial,
            ai.djl.ndarray.types.Shape... sampleInputs) {
        this.backend = backend;
        this.manager = backend.newModuleManager();
        this.block = block;
        this.named = named;
        this.shapes = shapes;
        this.trainable = trainable;
        if (!named.keySet().equals(shapes.keySet())) {
            throw new IllegalStateException(
                    "DJL block parameters " + named.keySet() + " do not match the API's " + shapes.keySet());
        }
        for (String name : named.keySet()) {
            if (named.get(name).requiresGradient() != trainable.contains(name)) {
                throw new IllegalStateException("parameter '" + name + "' trainable mismatch between block and API");
            }
        }
        // the parameters' shapes do not depend on the input shapes; DJL wants some to initialise with
        block.initialize(manager, DataType.FLOAT32, sampleInputs);
        initial.forEach(this::setParameter);
    }

    B block() {
        return block;
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
        return DjlTensors.toHost(param(name).getArray());
    }

    @Override
    public synchronized void setParameter(String name, HostTensor value) {
        open();
        NDArray array = param(name).getArray();
        if (!DjlTensors.shape(array.getShape()).equals(value.shape())) {
            throw new IllegalArgumentException("parameter '" + name + "' has shape "
                    + DjlTensors.shape(array.getShape()) + ", got " + value.shape());
        }
        array.set(value.toArray());
    }

    @Override
    public synchronized HostTensor forward(Mode mode, List<HostTensor> inputs) {
        open();
        try (NDManager call = manager.newSubManager()) {
            NDList in = new NDList();
            for (HostTensor t : inputs) {
                in.add(DjlTensors.toNd(call, t));
            }
            NDArray out = block.forward(new ParameterStore(call, false), in, mode == Mode.TRAIN)
                    .singletonOrThrow();
            return DjlTensors.toHost(out);
        }
    }

    @Override
    public Gradients backward(Mode mode, List<HostTensor> inputs, HostTensor gradOutput) {
        backend.gradientLock().lock();
        try {
            synchronized (this) {
                open();
                return gradients(mode, inputs, gradOutput);
            }
        } finally {
            backend.gradientLock().unlock();
        }
    }

    private Gradients gradients(Mode mode, List<HostTensor> inputs, HostTensor gradOutput) {
        try (NDManager call = manager.newSubManager()) {
            NDList in = new NDList();
            for (HostTensor t : inputs) {
                NDArray a = DjlTensors.toNd(call, t);
                a.setRequiresGradient(true);
                in.add(a);
            }
            // fresh leaves for the trainable parameters (no gradient accumulates on the module's own
            // arrays) and copies of everything else, so that running statistics stay as they are
            Map<Parameter, NDArray> leaves = new IdentityHashMap<>();
            Map<String, NDArray> byName = new LinkedHashMap<>();
            for (Map.Entry<String, Parameter> e : named.entrySet()) {
                NDArray copy = e.getValue().getArray().duplicate();
                copy.attach(call);
                if (trainable.contains(e.getKey())) {
                    copy.setRequiresGradient(true);
                    byName.put(e.getKey(), copy);
                }
                leaves.put(e.getValue(), copy);
            }
            NDArray gradOut = DjlTensors.toNd(call, gradOutput);
            try (GradientCollector collector = backend.engine().newGradientCollector()) {
                NDArray out = block.forward(new SnapshotStore(call, leaves), in, mode == Mode.TRAIN)
                        .singletonOrThrow();
                JniUtils.backward((PtNDArray) out, (PtNDArray) gradOut, false, false);
            }
            List<HostTensor> inputGrads = new ArrayList<>();
            for (NDArray a : in) {
                inputGrads.add(gradientOf(a));
            }
            Map<String, HostTensor> paramGrads = new LinkedHashMap<>();
            byName.forEach((name, leaf) -> paramGrads.put(name, gradientOf(leaf)));
            return new Gradients(inputGrads, paramGrads);
        }
    }

    /** The gradient of a leaf; zeros when autograd never reached it (e.g. kernels unused at this size). */
    private static HostTensor gradientOf(NDArray leaf) {
        try (NDArray g = leaf.getGradient()) {
            if (g.getShape().equals(leaf.getShape())) {
                return DjlTensors.toHost(g);
            }
        } catch (RuntimeException e) {
            // an undefined gradient: the leaf did not take part in this graph
        }
        return HostTensor.zeros(DjlTensors.shape(leaf.getShape()));
    }

    private Parameter param(String name) {
        Parameter p = named.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'; have " + named.keySet());
        }
        return p;
    }

    @Override
    public Shape outputShape(List<Shape> inputShapes) {
        ai.djl.ndarray.types.Shape[] in = new ai.djl.ndarray.types.Shape[inputShapes.size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = DjlTensors.shape(inputShapes.get(i));
        }
        return DjlTensors.shape(block.getOutputShapes(in)[0]);
    }

    /** Arrays alive in this module's manager (parameters only, between calls). */
    int liveArrays() {
        return manager.getManagedArrays().size();
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException(getClass().getSimpleName() + " is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            manager.close();
        }
    }

    /** Hands out per-call copies of the parameters instead of the module's own arrays. */
    private static final class SnapshotStore extends ParameterStore {
        private final Map<Parameter, NDArray> values;

        SnapshotStore(NDManager manager, Map<Parameter, NDArray> values) {
            super(manager, false);
            this.values = values;
        }

        @Override
        public NDArray getValue(Parameter parameter, ai.djl.Device device, boolean training) {
            NDArray v = values.get(parameter);
            if (v == null) {
                throw new IllegalStateException("parameter " + parameter.getName() + " is not part of this module");
            }
            return v;
        }
    }
}
