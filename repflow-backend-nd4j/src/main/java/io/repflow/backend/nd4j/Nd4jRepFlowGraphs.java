package io.repflow.backend.nd4j;

import io.repflow.api.FlowBlockConfig;
import io.repflow.api.FlowConfig;
import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Representation flow for SameDiff users: each method adds a piece to your {@link SameDiff} graph,
 * with its parameters named {@code <name>/<parameter>} (e.g. {@code block1/flow.theta}) and initialised
 * as repflow initialises them. Parameters the config trains are SameDiff variables (so
 * {@code sd.calculateGradients} and {@code sd.fit} train them); frozen flow parameters and batch-norm
 * running statistics are constants. Inputs need static shapes (placeholders with every dimension set).
 *
 * <pre>{@code
 * SameDiff sd = SameDiff.create();
 * SDVariable clips = sd.placeHolder("clips", DataType.FLOAT, 2, 64, 8, 28, 28);
 * SDVariable y = Nd4jRepFlowGraphs.repFlowBlock(sd, "rep_flow", clips, RepFlowBlockConfig.of(64, FusionMode.ADD), 42, true);
 * INDArray out = sd.output(Map.of("clips", x), y.name()).get(y.name());   // [2, 64, 7, 28, 28]
 * }</pre>
 */
public final class Nd4jRepFlowGraphs {

    private Nd4jRepFlowGraphs() {}

    /** The flow layer on F1, F2 {@code [N,C,H,W]} → u {@code [N,2C,H,W]}; parameters {@code name/theta} … {@code name/gy}. */
    public static SDVariable flowLayer(SameDiff sd, String name, SDVariable f1, SDVariable f2, FlowConfig config) {
        long[] nchw = staticShape(f1, 4, "F1");
        String prefix = name + "/";
        define(sd, prefix, config.initialParameters(), config.trainableParameters());
        return Nd4jFlowMath.apply(sd, config, Nd4jFlowMath.Variables.lookup(sd, prefix), f1, f2, nchw);
    }

    /**
     * A rep-flow block or Flow-Conv-Flow on clip features {@code [B,C,T,H,W]} → {@code [B,C,T-framesDropped,H,W]},
     * parameters initialised from {@code seed}. With {@code training}, batch norm normalises with the batch
     * statistics (the running statistics stay constants; update them yourself if you need them).
     */
    public static SDVariable repFlowBlock(
            SameDiff sd, String name, SDVariable x, FlowBlockConfig config, long seed, boolean training) {
        long[] s = staticShape(x, 5, "x");
        String prefix = name + "/";
        define(sd, prefix, config.initialParameters(seed), config.trainableParameters());
        return Nd4jFlowBlockModule.apply(
                sd,
                config,
                prefix,
                x,
                s[0],
                s[1],
                s[2],
                s[3],
                s[4],
                training ? Mode.TRAIN : Mode.EVAL,
                new LinkedHashMap<>());
    }

    private static void define(SameDiff sd, String prefix, Map<String, HostTensor> initial, Set<String> trainable) {
        initial.forEach((key, value) -> {
            if (sd.hasVariable(prefix + key)) {
                throw new IllegalArgumentException(
                        "the graph already has a variable '" + prefix + key + "'; use another name");
            }
            if (trainable.contains(key)) {
                sd.var(prefix + key, Nd4jTensors.toNative(value));
            } else {
                sd.constant(prefix + key, Nd4jTensors.toNative(value));
            }
        });
    }

    private static long[] staticShape(SDVariable v, int rank, String what) {
        long[] s = v.getShape();
        if (s == null || s.length != rank || Arrays.stream(s).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException(what + " needs a static rank-" + rank + " shape; '" + v.name() + "' has "
                    + (s == null ? "none" : Arrays.toString(s)));
        }
        return s;
    }
}
