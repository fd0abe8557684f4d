package io.repflow.backend.tf;

import io.repflow.api.FlowBlockConfig;
import io.repflow.api.FlowConfig;
import io.repflow.api.FusionConfig;
import io.repflow.api.HostTensor;
import io.repflow.api.ParameterInit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Representation flow for TensorFlow Java users: each method adds a piece to a {@code Graph} through
 * {@link Ops}, with its parameters as variables named {@code <name>/<parameter>} (e.g.
 * {@code block1/flow.theta}) initialised as repflow initialises them (run
 * {@code session.initialize()} once). Tensors are NCHW (flow layer) and NCTHW (clips), float32.
 * Gradients come from {@code Graph.addGradients} / {@code tf.gradients} like any other TensorFlow op.
 *
 * <pre>{@code
 * try (Graph g = new Graph(); Session s = new Session(g)) {
 *     Ops tf = Ops.create(g);
 *     Placeholder<TFloat32> clips = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, 64, 8, 28, 28)));
 *     Operand<TFloat32> y = TfRepFlowGraphs.repFlowBlock(tf, "rep_flow", clips, RepFlowBlockConfig.of(64, FusionMode.ADD), 42, true);
 *     s.initialize();
 *     try (TFloat32 x = ...; Result r = s.runner().feed(clips, x).fetch(y).run()) { ... }   // [2, 64, 7, 28, 28]
 * }
 * }</pre>
 */
public final class TfRepFlowGraphs {

    private TfRepFlowGraphs() {}

    /** The flow layer on F1, F2 {@code [N,C,H,W]} → u {@code [N,2C,H,W]}; variables {@code name/theta} … {@code name/gy}. */
    public static Operand<TFloat32> flowLayer(
            Ops tf, String name, Operand<TFloat32> f1, Operand<TFloat32> f2, FlowConfig config) {
        Map<String, Operand<TFloat32>> v = variables(tf, name, config.initialParameters());
        return new TfFlowMath(new TfGraphOps(tf)).flow(f1, f2, TfFlowLayerModule.params(v, ""), config);
    }

    /**
     * A rep-flow block or Flow-Conv-Flow on clip features {@code [B,C,T,H,W]}; variables named after
     * the config's parameters, initialised from {@code seed}. In {@code training} mode batch norm uses
     * batch statistics (the running statistics stay variables for the caller to update).
     */
    public static Operand<TFloat32> repFlowBlock(
            Ops tf, String name, Operand<TFloat32> x, FlowBlockConfig config, long seed, boolean training) {
        Map<String, Operand<TFloat32>> v = variables(tf, name, config.initialParameters(seed));
        return TfFlowBlockModule.block(new TfGraphOps(tf), x, config, v, "", training, new LinkedHashMap<>());
    }

    /** Fusion of RGB features {@code [B,C,T,H,W]} with flow features {@code [B,C,T',H,W]} (or LATE: two equal predictions). */
    public static Operand<TFloat32> fusion(
            Ops tf, String name, FusionConfig config, Operand<TFloat32> rgb, Operand<TFloat32> flow, long seed) {
        Map<String, Operand<TFloat32>> v =
                variables(tf, name, ParameterInit.initialise(config.parameterShapes(), p -> null, seed));
        return new TfFusionMath(new TfGraphOps(tf)).fuse(config.mode(), rgb, flow, v.get("weight"), v.get("bias"));
    }

    private static Map<String, Operand<TFloat32>> variables(Ops tf, String name, Map<String, HostTensor> initial) {
        Ops scope = tf.withSubScope(name);
        Map<String, Operand<TFloat32>> v = new LinkedHashMap<>();
        initial.forEach((key, value) -> {
            TFloat32 t = TfTensors.of(value);
            try {
                v.put(key, scope.withName(key).variable(scope.constant(t)));
            } finally {
                t.close();
            }
        });
        return v;
    }
}
