package io.repflow.backend.nd4j;

import io.repflow.api.HostTensor;
import io.repflow.api.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One SameDiff graph of a module, built once for one mode and one set of input shapes and reused:
 * inputs (placeholders, or variables when the module has nothing trainable, since SameDiff only
 * differentiates graphs that hold a variable), the module's parameters and buffers under their API
 * names, the output {@value #OUTPUT}, and {@value #LOSS} = sum(output * {@value #GRAD_OUTPUT}) whose
 * gradients are the backward pass for the upstream gradient {@value #GRAD_OUTPUT}.
 */
final class Nd4jGraph implements AutoCloseable {

    static final String OUTPUT = "output";
    static final String GRAD_OUTPUT = "grad_output";
    static final String LOSS = "loss";

    private final SameDiff sd;
    private final List<String> inputs;
    private final List<Shape> inputShapes;
    private final boolean inputsAreVariables;
    private final Shape outputShape;
    /** buffer name → graph variable with its value after a TRAIN forward (batch-norm running statistics). */
    private final Map<String, String> updatedBuffers;
    /** parameter name → revision of the value last copied into the graph. */
    private final Map<String, Long> synced = new HashMap<>();

    Nd4jGraph(
            SameDiff sd,
            List<String> inputs,
            List<Shape> inputShapes,
            boolean inputsAreVariables,
            Shape outputShape,
            Map<String, String> updatedBuffers) {
        this.sd = sd;
        this.inputs = List.copyOf(inputs);
        this.inputShapes = List.copyOf(inputShapes);
        this.inputsAreVariables = inputsAreVariables;
        this.outputShape = outputShape;
        this.updatedBuffers = Map.copyOf(updatedBuffers);
    }

    SameDiff sameDiff() {
        return sd;
    }

    /** Copies into the graph every value whose revision differs from the one it holds. */
    void sync(Map<String, HostTensor> values, Map<String, Long> revisions) {
        Nd4jTensors.syncChanged(sd, values, revisions, synced);
    }

    /** The output for {@code in}; with {@code updateBuffers}, also the new values of the updated buffers. */
    Result forward(List<HostTensor> in, boolean updateBuffers) {
        List<String> wanted = new ArrayList<>();
        wanted.add(OUTPUT);
        if (updateBuffers) {
            wanted.addAll(updatedBuffers.values());
        }
        Map<String, INDArray> feed = feed(in, null);
        Map<String, INDArray> out = sd.output(feed, wanted);
        try {
            HostTensor y = Nd4jTensors.toHost(out.get(OUTPUT), outputShape);
            Map<String, HostTensor> buffers = new LinkedHashMap<>();
            if (updateBuffers) {
                updatedBuffers.forEach(
                        (buffer, variable) -> buffers.put(buffer, Nd4jTensors.toHost(out.get(variable))));
            }
            return new Result(y, buffers);
        } finally {
            Nd4jTensors.releaseAll(feed.values());
            Nd4jTensors.releaseAll(out.values());
            Nd4jGraphMemory.releaseSessions(sd);
        }
    }

    /** Gradients of {@value #LOSS} for the inputs (in order) and for {@code parameters} (with their shapes). */
    Result.Grads gradients(List<HostTensor> in, HostTensor gradOutput, Map<String, Shape> parameters) {
        List<String> wanted = new ArrayList<>(inputs);
        wanted.addAll(parameters.keySet());
        Map<String, INDArray> feed = feed(in, gradOutput);
        Nd4jGradientRun.Result run = null;
        try {
            run = Nd4jGradientRun.run(sd, feed, List.of(), wanted, inputs.toArray(new String[0]));
            Map<String, INDArray> grads = run.gradients();
            List<HostTensor> inputGrads = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                String name = inputs.get(i);
                inputGrads.add(
                        grads.containsKey(name)
                                ? Nd4jTensors.toHost(grads.get(name), inputShapes.get(i))
                                : unreached(name, inputShapes.get(i)));
            }
            Map<String, HostTensor> parameterGrads = new LinkedHashMap<>();
            parameters.forEach((name, shape) -> parameterGrads.put(
                    name,
                    grads.containsKey(name) ? Nd4jTensors.toHost(grads.get(name), shape) : unreached(name, shape)));
            return new Result.Grads(inputGrads, parameterGrads);
        } finally {
            Nd4jTensors.releaseAll(feed.values());
            if (run != null) {
                Nd4jTensors.releaseAll(run.arrays());
            }
            Nd4jGraphMemory.releaseSessions(sd);
        }
    }

    /**
     * An input or parameter that SameDiff gave no gradient because the loss does not depend on it
     * (tau and the kernels of D and div with one iteration, whose last dual update is unused; the
     * RGB input of NONE fusion): zero.
     */
    private HostTensor unreached(String name, Shape shape) {
        if (sd.getVariable(name).getGradient() != null) {
            throw new IllegalStateException("SameDiff computed no gradient for '" + name + "' although it has one");
        }
        return HostTensor.zeros(shape);
    }

    /** Placeholder arrays for this call; inputs held as variables are copied into the graph instead. */
    private Map<String, INDArray> feed(List<HostTensor> in, HostTensor gradOutput) {
        Map<String, INDArray> feed = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            if (inputsAreVariables) {
                Nd4jTensors.copyInto(in.get(i), sd.getArrForVarName(inputs.get(i)));
            } else {
                feed.put(inputs.get(i), Nd4jTensors.toNative(in.get(i)));
            }
        }
        if (gradOutput != null) {
            feed.put(GRAD_OUTPUT, Nd4jTensors.toNative(gradOutput));
        }
        return feed;
    }

    /** Frees the native memory of the graph: variables, constants and the sessions' array caches. */
    @Override
    public void close() {
        Nd4jGraphMemory.release(sd);
    }

    /** A forward result: the output and the new values of updated buffers. */
    record Result(HostTensor output, Map<String, HostTensor> buffers) {

        /** Gradients of the inputs, in order, and of parameters by name. */
        record Grads(List<HostTensor> inputs, Map<String, HostTensor> parameters) {}
    }
}
