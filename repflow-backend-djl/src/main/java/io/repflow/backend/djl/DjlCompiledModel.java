package io.repflow.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.backend.djl.internal.DjlOwnedArrays;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spec.ParameterInfo;
import io.repflow.models.spi.Batch;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.spi.LossAndGradients;
import io.repflow.models.spi.SgdStep;
import io.repflow.models.spi.StepResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A model spec compiled to DJL operations. Every parameter, buffer and momentum buffer lives in the
 * model's own sub-manager of the backend; every call runs in a sub-manager and an {@link NDScope}
 * that are closed before it returns, so only that state stays in native memory.
 */
final class DjlCompiledModel implements CompiledModel {

    private final DjlBackend backend;
    private final ModelSpec spec;
    private final NDManager manager;
    private final DjlSpecGraph.Op network;
    private final Map<String, NDArray> values = new LinkedHashMap<>();
    private final Map<String, NDArray> momentum = new LinkedHashMap<>();
    // dropout masks of forward(TRAIN) calls, which take no seed
    private final Random forwardDropout;
    private boolean closed;

    DjlCompiledModel(DjlBackend backend, ModelSpec spec, long seed) {
        this.backend = backend;
        this.spec = spec;
        this.manager = backend.newModuleManager();
        this.forwardDropout = new Random(seed ^ 0x5DEECE66DL);
        List<DjlSpecGraph.FlowBlockBinding> blocks = new ArrayList<>();
        this.network = DjlSpecGraph.compile(spec.network(), manager, blocks);
        // the flow blocks' own parameter arrays hold their spec names' values
        Map<String, NDArray> blockArrays = new LinkedHashMap<>();
        for (DjlSpecGraph.FlowBlockBinding b : blocks) {
            b.names().forEach((parameter, name) -> {
                NDArray a = parameter.getArray();
                a.setRequiresGradient(false);
                blockArrays.put(name, a);
            });
        }
        Map<String, HostTensor> initial = spec.initialParameters(seed);
        for (Map.Entry<String, io.repflow.api.Shape> e : spec.parameterShapes().entrySet()) {
            String name = e.getKey();
            NDArray a = blockArrays.get(name);
            if (a == null) {
                a = manager.zeros(DjlTensors.shape(e.getValue()), DataType.FLOAT32);
            }
            a.set(initial.get(name).toArray());
            values.put(name, a);
        }
        for (String name : spec.trainableParameters()) {
            momentum.put(
                    name, manager.zeros(DjlTensors.shape(spec.parameterShapes().get(name)), DataType.FLOAT32));
        }
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public synchronized HostTensor parameter(String name) {
        open();
        return DjlTensors.toHost(values.get(name));
    }

    @Override
    public synchronized void setParameter(String name, HostTensor value) {
        open();
        values.get(name).set(value.toArray());
    }

    @Override
    public synchronized HostTensor forward(Mode mode, HostTensor clips) {
        open();
        try (NDManager call = manager.newSubManager();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            Env env = new Env(values, mode == Mode.TRAIN, forwardDropout);
            return DjlTensors.toHost(network.apply(DjlTensors.toNd(call, clips), env));
        }
    }

    @Override
    public LossAndGradients gradients(Batch batch, long seed) {
        return run(batch, seed, null);
    }

    @Override
    public StepResult trainStep(Batch batch, SgdStep step, long seed) {
        LossAndGradients g = run(batch, seed, step);
        return new StepResult(g.loss(), g.gradientNorm(), g.logits());
    }

    /**
     * A TRAIN forward and backward. Without {@code step} it is pure: batch norm works on copies of the
     * running statistics. With a step, the running statistics are updated by the forward pass and
     * the SGD update is applied to the parameters and momentum buffers.
     */
    private LossAndGradients run(Batch batch, long seed, SgdStep step) {
        backend.gradientLock().lock();
        try {
            synchronized (this) {
                open();
                try (NDManager call = manager.newSubManager();
                        NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    Map<String, NDArray> inCall = new LinkedHashMap<>();
                    Map<String, NDArray> leaves = new LinkedHashMap<>();
                    for (ParameterInfo info : spec.parameters().values()) {
                        NDArray own = values.get(info.name());
                        if (info.trainable()) {
                            NDArray leaf = own.duplicate();
                            leaf.attach(call);
                            leaf.setRequiresGradient(true);
                            leaves.put(info.name(), leaf);
                            inCall.put(info.name(), leaf);
                        } else if (info.buffer() && step == null) {
                            NDArray copy = own.duplicate();
                            copy.attach(call);
                            inCall.put(info.name(), copy);
                        } else {
                            inCall.put(info.name(), own);
                        }
                    }
                    NDArray logits;
                    NDArray loss;
                    try (GradientCollector collector = backend.engine().newGradientCollector()) {
                        logits = network.apply(
                                DjlTensors.toNd(call, batch.clips()), new Env(inCall, true, new Random(seed)));
                        NDArray labels = DjlOwnedArrays.copyOf(
                                        call, batch.labels(), new ai.djl.ndarray.types.Shape(batch.size()))
                                .oneHot(spec.numClasses(), DataType.FLOAT32);
                        loss = logits.logSoftmax(1)
                                .mul(labels)
                                .sum()
                                .neg()
                                .div(DjlOwnedArrays.scalar(logits, batch.size()));
                        collector.backward(loss);
                    }
                    Map<String, HostTensor> gradients = new LinkedHashMap<>();
                    Map<String, NDArray> gradientArrays = new LinkedHashMap<>();
                    for (Map.Entry<String, NDArray> e : leaves.entrySet()) {
                        NDArray g = gradientOf(e.getValue());
                        gradientArrays.put(e.getKey(), g);
                        gradients.put(e.getKey(), DjlTensors.toHost(g));
                    }
                    if (step != null) {
                        update(step, gradientArrays);
                    }
                    return new LossAndGradients(loss.getFloat(), DjlTensors.toHost(logits), gradients);
                }
            }
        } finally {
            backend.gradientLock().unlock();
        }
    }

    private static NDArray gradientOf(NDArray leaf) {
        NDArray g = leaf.getGradient();
        return g.getShape().equals(leaf.getShape()) ? g : leaf.zerosLike();
    }

    /** torch.optim.SGD with two groups: d = g + wd*w; buf = m*buf + d; w -= lr*buf. */
    private void update(SgdStep step, Map<String, NDArray> gradients) {
        gradients.forEach((name, g) -> {
            NDArray w = values.get(name);
            NDArray buf = momentum.get(name);
            NDArray d = step.weightDecay() == 0 ? g : g.add(w.mul((float) step.weightDecay()));
            buf.muli((float) step.momentum()).addi(d);
            w.subi(buf.mul((float) step.learningRate(spec.group(name))));
        });
    }

    @Override
    public synchronized Map<String, HostTensor> optimizerState() {
        open();
        Map<String, HostTensor> out = new LinkedHashMap<>();
        momentum.forEach((name, buf) -> out.put(name, DjlTensors.toHost(buf)));
        return out;
    }

    @Override
    public synchronized void setOptimizerState(Map<String, HostTensor> state) {
        open();
        state.forEach((name, value) -> momentum.get(name).set(value.toArray()));
    }

    /** Arrays in the model's manager (parameters, buffers, momentum and the flow blocks' own). */
    int liveArrays() {
        return manager.getManagedArrays().size();
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("the compiled model " + spec.name() + " is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            manager.close();
        }
    }

    /** The arrays of one call. */
    private record Env(Map<String, NDArray> arrays, boolean training, Random dropout) implements DjlSpecGraph.Env {
        @Override
        public NDArray get(String name) {
            NDArray a = arrays.get(name);
            if (a == null) {
                throw new IllegalStateException("the compiled graph asks for an unknown parameter '" + name + "'");
            }
            return a;
        }
    }

    @Override
    public String toString() {
        return "DjlCompiledModel[" + spec.name() + ", " + values.size() + " parameters and buffers]";
    }
}
