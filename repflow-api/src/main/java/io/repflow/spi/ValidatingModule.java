package io.repflow.spi;

import io.repflow.api.FlowBlockConfig;
import io.repflow.api.FlowConfig;
import io.repflow.api.FlowParameter;
import io.repflow.api.FusionConfig;
import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import java.util.ArrayList;
import java.util.Arrays;
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
        FlowParameter.scalarOf(name).ifPresent(p -> {
            String problem = p.domainProblem(value.flat(0));
            if (problem != null) {
                throw new IllegalArgumentException(
                        what + " parameter '" + name + "' = " + value.flat(0) + " is out of range; " + problem);
            }
        });
        delegate.setParameter(name, value);
    }

    @Override
    public Shape outputShape(List<Shape> inputShapes) {
        return delegate.outputShape(inputShapes);
    }

    @Override
    public HostTensor forward(Mode mode, List<HostTensor> inputs) {
        Shape expected = checkInputs(mode, inputs);
        return finite("output", checkOutput("forward", delegate.forward(mode, List.copyOf(inputs)), expected), inputs);
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
            finite(
                    "gradient of input " + i,
                    checkOutput("input gradient " + i, g.input(i), inputs.get(i).shape()),
                    inputs);
        }
        for (String name : delegate.trainableParameters()) {
            finite(
                    "gradient of '" + name + "'",
                    checkOutput(
                            "gradient of '" + name + "'",
                            g.parameter(name),
                            parameterShapes().get(name)),
                    inputs);
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

    /** Results get the same finite check as inputs: NaN or infinity from finite inputs is refused, with the cause. */
    private HostTensor finite(String label, HostTensor t, List<HostTensor> inputs) {
        int bad = t.firstNonFinite();
        if (bad >= 0) {
            float largest = 0;
            for (HostTensor in : inputs) {
                largest = Math.max(largest, in.maxAbs());
            }
            throw new NonFiniteResultException("backend '" + backendId + "': the " + what + " " + label + " "
                    + t.shape() + " holds " + t.flat(bad) + " at index "
                    + Arrays.toString(t.shape().index(bad))
                    + " from finite inputs (largest |value| " + largest + ")" + settings()
                    + ": the computation overflows float32; use smaller parameters or inputs");
        }
        return t;
    }

    /** The settings a non-finite result most likely comes from, for its message; empty when there are none. */
    String settings() {
        return "";
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

        @Override
        String settings() {
            return " with theta " + delegate.parameter("theta").flat(0) + ", lambda "
                    + delegate.parameter("lambda").flat(0) + ", tau "
                    + delegate.parameter("tau").flat(0);
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
