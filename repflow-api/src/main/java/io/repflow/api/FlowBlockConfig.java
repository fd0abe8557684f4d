package io.repflow.api;

import java.util.Map;
import java.util.Set;

/**
 * A representation-flow block inside a CNN: input clip features {@code [B,C,T,H,W]}, output
 * {@code [B,C,T-framesDropped(),H,W]}. Parameter names are shared by every backend and checkpoint.
 */
public sealed interface FlowBlockConfig permits RepFlowBlockConfig, FlowConvFlowConfig {

    /** C, the channels of the block's input and output. */
    int inChannels();

    FusionMode fusion();

    BatchNormConfig batchNorm();

    /** Frames lost by the block: 1 per flow layer. */
    int framesDropped();

    /** Every parameter and buffer, in a fixed order, with its shape. */
    Map<String, Shape> parameterShapes();

    /** Names in {@link #parameterShapes()} that are trained (no buffers, no frozen flow parameters). */
    Set<String> trainableParameters();

    /** Names in {@link #parameterShapes()} that are running statistics. */
    Set<String> buffers();

    /**
     * Deterministic initial values from {@code seed}: convolutions He-normal (fan-in), fusion bias 0,
     * batch norm weight 1, bias 0, running mean 0, running variance 1, flow parameters as configured.
     */
    default Map<String, HostTensor> initialParameters(long seed) {
        return ParameterInit.initialise(parameterShapes(), this::flowConfigOf, seed);
    }

    /** The flow config behind a parameter prefix such as {@code "flow"} or {@code "flow2"}, or null. */
    FlowConfig flowConfigOf(String prefix);
}
