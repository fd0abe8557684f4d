package io.repflow.spi;

import io.repflow.api.FlowBlockConfig;
import io.repflow.api.FlowConfig;
import io.repflow.api.FusionConfig;
import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks names, shapes and values once, at the API edge, before a backend module sees them. */
class ValidatingModule<M extends HostModule> implements HostModule {

    final M delegate;
    private final ValidatingBackend backend;
    private final String backendId;
    private final String what;
    private final boolean gradients;

    ValidatingModule(M delegate, ValidatingBackend backend, String what) {
        this.delegate = delegate;
        this.backend = backend;
        this.backendId = backend.id();
        this.what = what;
        this.gradients = backend.capabilities().contains(Capability.GRADIENTS);
    }

    @Override
    public Map<String, Shape> parameterShapes() {
        return delegate.parameterShapes();
    }

    @Override
    public Set<String> trainableParameters() {
        return delegate.trainableParameters();
    }

    @Override
    public HostTensor parameter(String name) {
        knownName(name);
        return delegate.parameter(name);
    }

    @Override
    public void setParameter(String name, HostTensor value) {
        Shape expected = knownName(name);
        if (value == null) {
            throw new IllegalArgumentException(what + " parameter '" + name + "' value is missing (null)");
        }
        value.requireShape(what + " parameter '" + name + "'", expected);
        value.requireFinite(what + " parameter '" + name + "'");
        delegate.setParameter(name, value);
    }

    @Override
    public Shape outputShape(List<Shape> inputShapes) {
        return delegate.outputShape(inputShapes);
    }

    @Override
    public HostTensor forward(Mode mode, List<HostTensor> inputs) {
        Shape expected = checkInputs(mode, inputs);
        return checkOutput("forward", delegate.forward(mode, List.copyOf(inputs)), expected);
    }

    @Override
    public Gradients backward(Mode mode, List<HostTensor> inputs, HostTensor gradOutput) {
        if (!gradients) {
            throw new UnsupportedCapabilityException(backendId, Capability.GRADIENTS, what + " backward");
        }
        Shape expected = checkInputs(mode, inputs);
        if (gradOutput == null) {
            throw new IllegalArgumentException(what + " backward: the output gradient is missing (null)");
        }
        gradOutput.requireShape(what + " output gradient", expected);
        gradOutput.requireFinite(what + " output gradient");
        Gradients g = delegate.backward(mode, List.copyOf(inputs), gradOutput);
        for (int i = 0; i < inputs.size(); i++) {
            checkOutput("input gradient " + i, g.input(i), inputs.get(i).shape());
        }
        for (String name : delegate.trainableParameters()) {
            checkOutput(
                    "gradient of '" + name + "'",
                    g.parameter(name),
                    parameterShapes().get(name));
        }
        return g;
    }

    @Override
    public void close() {
        delegate.close();
    }

    private Shape knownName(String name) {
        Shape s = delegate.parameterShapes().get(name);
        if (s == null) {
            throw new IllegalArgumentException(what + " has no parameter '" + name + "'; it has "
                    + delegate.parameterShapes().keySet());
        }
        return s;
    }

    private Shape checkInputs(Mode mode, List<HostTensor> inputs) {
        backend.requireOpen("run a " + what);
        if (mode == null) {
            throw new IllegalArgumentException(what + ": mode is missing (null); use TRAIN or EVAL");
        }
        if (inputs == null || inputs.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException(what + ": inputs are missing: " + inputs);
        }
        List<Shape> shapes = new ArrayList<>(inputs.size());
        for (HostTensor t : inputs) {
            shapes.add(t.shape());
        }
        Shape out = outputShape(shapes);
        for (int i = 0; i < inputs.size(); i++) {
            inputs.get(i).requireFinite(what + " input " + i);
        }
        return out;
    }

    private HostTensor checkOutput(String label, HostTensor t, Shape expected) {
        if (t == null || !t.shape().equals(expected)) {
            throw new IllegalStateException(
                    "backend '" + backendId + "' returned " + label + " of " + what + " with shape "
                            + (t == null ? "null" : t.shape()) + " but " + expected + " was expected (a backend bug)");
        }
        return t;
    }

    static final class ValidatingFlowLayer extends ValidatingModule<FlowLayer> implements FlowLayer {
        ValidatingFlowLayer(FlowLayer d, ValidatingBackend backend) {
            super(d, backend, "flow layer");
        }

        @Override
        public FlowConfig config() {
            return delegate.config();
        }

        @Override
        public Shape outputShape(List<Shape> inputShapes) {
            return ModuleShapes.flowOutput(config(), inputShapes);
        }
    }

    static final class ValidatingFusion extends ValidatingModule<Fusion> implements Fusion {
        ValidatingFusion(Fusion d, ValidatingBackend backend) {
            super(d, backend, "fusion " + d.config().mode());
        }

        @Override
        public FusionConfig config() {
            return delegate.config();
        }

        @Override
        public Shape outputShape(List<Shape> inputShapes) {
            return ModuleShapes.fusionOutput(config(), inputShapes);
        }
    }

    static final class ValidatingFlowBlock extends ValidatingModule<FlowBlock> implements FlowBlock {
        ValidatingFlowBlock(FlowBlock d, ValidatingBackend backend) {
            super(d, backend, d.config().framesDropped() == 2 ? "Flow-Conv-Flow block" : "rep-flow block");
        }

        @Override
        public FlowBlockConfig config() {
            return delegate.config();
        }

        @Override
        public Shape outputShape(List<Shape> inputShapes) {
            return ModuleShapes.blockOutput(config(), inputShapes);
        }
    }
}
