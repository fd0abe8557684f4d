package io.repflow.reference;

import io.repflow.api.FlowConfig;
import io.repflow.api.FlowParameter;
import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import io.repflow.spi.Gradients;
import io.repflow.spi.HostModule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Base of the float64 reference modules: named parameters held as float64, a graph built on a
 * {@link Tape} per call, and float64 entry points for the contracts besides the float32
 * {@link HostModule} surface.
 */
public abstract class ReferenceModule implements HostModule {

    private final Map<String, Shape> shapes;
    private final Set<String> trainable;
    private final Map<String, DoubleTensor> values = new LinkedHashMap<>();

    protected ReferenceModule(Map<String, Shape> shapes, Set<String> trainable, Map<String, HostTensor> initial) {
        this.shapes = Collections.unmodifiableMap(new LinkedHashMap<>(shapes));
        this.trainable = Collections.unmodifiableSet(new java.util.LinkedHashSet<>(trainable));
        shapes.keySet().forEach(name -> values.put(name, DoubleTensor.of(initial.get(name))));
    }

    /** Gradients in float64: of each input, and of every trainable parameter by name. */
    public record Gradients64(List<DoubleTensor> inputs, Map<String, DoubleTensor> parameters) {
        public Gradients toHost() {
            List<HostTensor> in = new ArrayList<>();
            inputs.forEach(t -> in.add(t.toHost()));
            Map<String, HostTensor> ps = new LinkedHashMap<>();
            parameters.forEach((k, v) -> ps.put(k, v.toHost()));
            return new Gradients(in, ps);
        }
    }

    /** Parameters handed to {@link #graph}: leaf nodes made on first use, flow layers by prefix. */
    protected final class Params {
        private final Tape tape;
        private final Map<String, Tape.Node> nodes = new LinkedHashMap<>();
        private final Map<String, Map<String, DoubleTensor>> flowGrads = new LinkedHashMap<>();

        Params(Tape tape) {
            this.tape = tape;
        }

        public Tape.Node node(String name) {
            return nodes.computeIfAbsent(name, n -> tape.leaf(value(n)));
        }

        /** The running statistic itself (updated in place in TRAIN forward passes). */
        public DoubleTensor buffer(String name) {
            return value(name);
        }

        /** A reference flow layer with the current values of {@code prefix.*}. */
        public ReferenceFlow flow(String prefix, FlowConfig config) {
            ReferenceFlow flow = newFlow(config);
            for (FlowParameter p : FlowParameter.values()) {
                flow.setParameter(p, value(qualified(prefix, p.key())));
            }
            Map<String, DoubleTensor> grads = new LinkedHashMap<>();
            for (FlowParameter p : FlowParameter.values()) {
                grads.put(p.key(), new DoubleTensor(p.shape(config)));
            }
            flowGrads.put(prefix, grads);
            return flow;
        }

        public Map<String, DoubleTensor> flowGrads(String prefix) {
            return flowGrads.get(prefix);
        }

        DoubleTensor gradient(String name) {
            int dot = name.indexOf('.');
            String prefix = dot > 0 ? name.substring(0, dot) : "";
            if (flowGrads.containsKey(prefix)) {
                return flowGrads.get(prefix).get(dot > 0 ? name.substring(dot + 1) : name);
            }
            Tape.Node n = nodes.get(name);
            return n == null ? new DoubleTensor(shapes.get(name)) : n.grad();
        }
    }

    private static String qualified(String prefix, String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    /** Builds the module's computation on {@code tape}. */
    protected abstract Tape.Node graph(
            Tape tape, List<Tape.Node> inputs, Params params, Mode mode, boolean updateRunning);

    /** Output shape for these input shapes (validated). */
    @Override
    public abstract Shape outputShape(List<Shape> inputShapes);

    /** A flow layer for this module; the TCK's self-test overrides it with deliberately broken ones. */
    protected ReferenceFlow newFlow(FlowConfig config) {
        return new ReferenceFlow(config);
    }

    public DoubleTensor forward64(Mode mode, List<DoubleTensor> inputs) {
        outputShape(inputs.stream().map(DoubleTensor::shape).toList());
        Tape tape = new Tape();
        List<Tape.Node> in = inputs.stream().map(tape::leaf).toList();
        return graph(tape, in, new Params(tape), mode, mode == Mode.TRAIN).value.copy();
    }

    /** The output without updating running statistics, whatever the mode. */
    public DoubleTensor evaluate64(Mode mode, List<DoubleTensor> inputs) {
        outputShape(inputs.stream().map(DoubleTensor::shape).toList());
        Tape tape = new Tape();
        List<Tape.Node> in = inputs.stream().map(tape::leaf).toList();
        return graph(tape, in, new Params(tape), mode, false).value.copy();
    }

    public Gradients64 backward64(Mode mode, List<DoubleTensor> inputs, DoubleTensor gradOutput) {
        Shape out = outputShape(inputs.stream().map(DoubleTensor::shape).toList());
        if (!gradOutput.shape().equals(out)) {
            throw new IllegalArgumentException("output gradient has shape " + gradOutput.shape() + ", expected " + out);
        }
        Tape tape = new Tape();
        List<Tape.Node> in = inputs.stream().map(tape::leaf).toList();
        Params params = new Params(tape);
        Tape.Node result = graph(tape, in, params, mode, false);
        tape.backward(result, gradOutput);
        List<DoubleTensor> gi = in.stream().map(Tape.Node::grad).toList();
        Map<String, DoubleTensor> gp = new LinkedHashMap<>();
        for (String name : trainable) {
            gp.put(name, params.gradient(name).copy());
        }
        return new Gradients64(gi, gp);
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
    public HostTensor parameter(String name) {
        return value(name).toHost();
    }

    /** The float64 value of a parameter (a copy). */
    public DoubleTensor parameter64(String name) {
        return value(name).copy();
    }

    @Override
    public void setParameter(String name, HostTensor value) {
        setParameter64(name, DoubleTensor.of(value));
    }

    public void setParameter64(String name, DoubleTensor value) {
        Shape expected = shapes.get(name);
        if (expected == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'; have " + shapes.keySet());
        }
        if (!expected.equals(value.shape())) {
            throw new IllegalArgumentException(
                    "parameter '" + name + "' has shape " + expected + ", got " + value.shape());
        }
        values.put(name, value.copy());
    }

    @Override
    public HostTensor forward(Mode mode, List<HostTensor> inputs) {
        return forward64(mode, inputs.stream().map(DoubleTensor::of).toList()).toHost();
    }

    @Override
    public Gradients backward(Mode mode, List<HostTensor> inputs, HostTensor gradOutput) {
        return backward64(mode, inputs.stream().map(DoubleTensor::of).toList(), DoubleTensor.of(gradOutput))
                .toHost();
    }

    @Override
    public void close() {
        // plain Java memory
    }

    private DoubleTensor value(String name) {
        DoubleTensor v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'; have " + shapes.keySet());
        }
        return v;
    }
}
