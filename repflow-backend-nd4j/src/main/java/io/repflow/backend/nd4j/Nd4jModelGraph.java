package io.repflow.backend.nd4j;

import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import io.repflow.models.spec.ModelSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model spec as one SameDiff graph for one mode and one batch size: placeholder {@value #CLIPS},
 * output {@value #LOGITS}; in TRAIN mode also the one-hot placeholder {@value #LABELS}, the loss
 * {@value #LOSS} (mean softmax cross-entropy), the running statistics after the pass and one
 * placeholder per dropout mask. Trainable parameters are SameDiff variables, frozen ones and buffers
 * constants, each holding the caller's own array (not a copy), so every graph of a model reads the
 * state the model updates in place; closing the graph leaves those arrays to the caller.
 */
final class Nd4jModelGraph implements AutoCloseable {

    static final String CLIPS = "clips";
    static final String LABELS = "labels";
    static final String LOGITS = "logits";
    static final String LOSS = "loss";

    private final SameDiff sd;
    private final Shape logitsShape;
    /** buffer name → graph variable holding its value after this pass (TRAIN only). */
    private final Map<String, String> updatedBuffers;

    private final List<Nd4jSpecGraph.Mask> masks;
    private final Set<INDArray> borrowed;

    private Nd4jModelGraph(
            SameDiff sd,
            Shape logitsShape,
            Map<String, String> updatedBuffers,
            List<Nd4jSpecGraph.Mask> masks,
            Set<INDArray> borrowed) {
        this.sd = sd;
        this.logitsShape = logitsShape;
        this.updatedBuffers = Map.copyOf(updatedBuffers);
        this.masks = List.copyOf(masks);
        this.borrowed = borrowed;
    }

    /** Builds the graph of {@code spec} at batch size {@code batch} on the caller's arrays {@code values}. */
    static Nd4jModelGraph build(
            ModelSpec spec, Mode mode, int batch, Map<String, INDArray> values, Set<String> trainable) {
        SameDiff sd = SameDiff.create();
        Set<INDArray> borrowed = Collections.newSetFromMap(new IdentityHashMap<>());
        values.forEach((name, value) -> {
            if (trainable.contains(name)) {
                sd.var(name, value);
            } else {
                sd.constant(name, value);
            }
            if (sd.getArrForVarName(name) != value) {
                throw new IllegalStateException(
                        "SameDiff copied the array of '" + name + "'; the model's state would not reach its graph");
            }
            borrowed.add(value);
        });
        long[] in = Nd4jTensors.longs(spec.inputShape(batch).dims());
        SDVariable clips = sd.placeHolder(CLIPS, DataType.FLOAT, in);
        Map<String, SDVariable> buffers = new LinkedHashMap<>();
        List<Nd4jSpecGraph.Mask> masks = new ArrayList<>();
        Nd4jFeatures y = spec.network()
                .accept(new Nd4jSpecGraph(sd, "", mode, buffers, masks))
                .apply(Nd4jFeatures.clip(clips, in[0], in[1], in[2], in[3], in[4]));
        int k = spec.numClasses();
        SDVariable logits = sd.identity(LOGITS, y.v().reshape(batch, k));
        if (mode == Mode.TRAIN) {
            SDVariable labels = sd.placeHolder(LABELS, DataType.FLOAT, batch, k);
            SDVariable loss = labels.mul(sd.nn.logSoftmax(logits)).sum().mul(LOSS, -1.0 / batch);
            sd.setLossVariables(loss);
        }
        Map<String, String> updated = new LinkedHashMap<>();
        buffers.forEach((name, v) -> updated.put(name, v.name()));
        return new Nd4jModelGraph(sd, Shape.of(batch, k), updated, masks, borrowed);
    }

    /** The dropout placeholders of a TRAIN graph, in walk order. */
    List<Nd4jSpecGraph.Mask> masks() {
        return masks;
    }

    /** What a TRAIN run leaves in the engine for its caller, handed over before the run's arrays are freed. */
    @FunctionalInterface
    interface InEngine {
        /**
         * @param gradients by parameter name; a parameter the loss does not reach has none (its gradient is zero)
         * @param buffers   running statistics after the pass, by buffer name
         */
        void accept(Map<String, INDArray> gradients, Map<String, INDArray> buffers);
    }

    /**
     * What one run gave.
     *
     * @param loss      {@value #LOSS}, NaN when not computed
     * @param gradients by parameter name (when copied to the host)
     */
    record Outputs(HostTensor logits, double loss, Map<String, HostTensor> gradients) {}

    /**
     * Logits for {@code clips}; {@code feeds} are the dropout masks. With {@code buffers} (TRAIN) the running
     * statistics after the pass go to it, in the engine.
     */
    Outputs forward(HostTensor clips, Map<String, HostTensor> feeds, InEngine buffers) {
        List<String> wanted = new ArrayList<>();
        wanted.add(LOGITS);
        if (buffers != null) {
            wanted.addAll(updatedBuffers.values());
        }
        Map<String, INDArray> feed = feed(clips, feeds);
        Map<String, INDArray> out = null;
        try {
            out = sd.output(feed, wanted);
            if (buffers != null) {
                buffers.accept(Map.of(), buffers(out));
            }
            return new Outputs(Nd4jTensors.toHost(out.get(LOGITS), logitsShape), Double.NaN, Map.of());
        } finally {
            Nd4jTensors.releaseAll(feed.values());
            if (out != null) {
                Nd4jTensors.releaseAll(out.values());
            }
            Nd4jGraphMemory.releaseSessions(sd);
        }
    }

    /**
     * Loss, logits and the gradients of {@code parameters} (TRAIN graphs). Without {@code inEngine} the
     * gradients are copied to the host and nothing else is returned; with it, the gradients and the running
     * statistics after the pass go to it, in the engine, and none are copied.
     */
    Outputs lossAndGradients(
            HostTensor clips,
            HostTensor labels,
            Map<String, HostTensor> feeds,
            Map<String, Shape> parameters,
            InEngine inEngine) {
        List<String> wanted = new ArrayList<>(List.of(LOGITS, LOSS));
        if (inEngine != null) {
            wanted.addAll(updatedBuffers.values());
        }
        Map<String, HostTensor> all = new HashMap<>(feeds);
        all.put(LABELS, labels);
        Map<String, INDArray> feed = feed(clips, all);
        Nd4jGradientRun.Result r = null;
        try {
            r = Nd4jGradientRun.run(sd, feed, wanted, parameters.keySet());
            Map<String, INDArray> out = r.outputs();
            Map<String, INDArray> grads = r.gradients();
            Map<String, HostTensor> g = new LinkedHashMap<>();
            parameters.forEach((name, shape) -> {
                if (grads.get(name) == null) {
                    HostTensor zero = unreached(name, shape);
                    if (inEngine == null) {
                        g.put(name, zero);
                    }
                } else if (inEngine == null) {
                    g.put(name, Nd4jTensors.toHost(grads.get(name), shape));
                }
            });
            if (inEngine != null) {
                inEngine.accept(grads, buffers(out));
            }
            return new Outputs(
                    Nd4jTensors.toHost(out.get(LOGITS), logitsShape),
                    out.get(LOSS).getDouble(0),
                    g);
        } finally {
            Nd4jTensors.releaseAll(feed.values());
            if (r != null) {
                Nd4jTensors.releaseAll(r.arrays());
            }
            Nd4jGraphMemory.releaseSessions(sd);
        }
    }

    private Map<String, INDArray> buffers(Map<String, INDArray> out) {
        Map<String, INDArray> b = new LinkedHashMap<>();
        updatedBuffers.forEach((buffer, variable) -> b.put(buffer, out.get(variable)));
        return b;
    }

    /** A parameter the loss does not depend on (tau with one TV-L1 iteration): SameDiff gives it no gradient, which is zero. */
    private HostTensor unreached(String name, Shape shape) {
        if (sd.getVariable(name).getGradient() != null) {
            throw new IllegalStateException("SameDiff computed no gradient for '" + name + "' although it has one");
        }
        return HostTensor.zeros(shape);
    }

    private static Map<String, INDArray> feed(HostTensor clips, Map<String, HostTensor> others) {
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(CLIPS, Nd4jTensors.toNative(clips));
        others.forEach((name, t) -> feed.put(name, Nd4jTensors.toNative(t)));
        return feed;
    }

    /** Frees the native memory of the graph (the sessions' array caches, its own constants), not the caller's arrays. */
    @Override
    public void close() {
        Nd4jGraphMemory.release(sd, borrowed);
    }
}
