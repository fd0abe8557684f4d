package io.repflow.examples.djl;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import io.repflow.api.BatchNormConfig;
import io.repflow.api.FlowConfig;
import io.repflow.api.FusionMode;
import io.repflow.api.RepFlowBlockConfig;
import io.repflow.backend.djl.nn.DjlRepFlowBlock;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A DJL user's video classifier with repflow's block in the middle: a per-frame 3x3 {@code Conv3d}, the
 * rep-flow block (its flow layer learns theta, lambda, tau and the divergence/gradient kernels), global
 * average pooling and a linear layer. Clips are {@code [B, 3, T, H, W]}.
 */
public final class MotionClassifier {

    /** The flow layer's parameters learn at this fraction of the base rate, as in the paper. */
    public static final float FLOW_RATE_FACTOR = 0.01f;

    private final SequentialBlock net;
    private final DjlRepFlowBlock repFlow;

    public MotionClassifier(int channels, int classes, int flowIterations) {
        RepFlowBlockConfig block = new RepFlowBlockConfig(
                channels,
                FlowConfig.builder()
                        .channels(channels)
                        .iterations(flowIterations)
                        .build(),
                3,
                FusionMode.ADD,
                BatchNormConfig.DEFAULT);
        repFlow = new DjlRepFlowBlock(block);
        net = new SequentialBlock()
                .add(Conv3d.builder()
                        .setFilters(channels)
                        .setKernelShape(new Shape(1, 3, 3))
                        .optPadding(new Shape(0, 1, 1))
                        .build())
                .add(repFlow)
                .add(Pool.globalAvgPool3dBlock())
                .add(Linear.builder().setUnits(classes).build());
    }

    public Block block() {
        return net;
    }

    /** The flow layer's DJL parameters by repflow name ({@code flow.theta}, …). */
    public Map<String, Parameter> flowParameters() {
        return repFlow.namedParameters().entrySet().stream()
                .filter(e -> e.getKey().startsWith("flow."))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** The DJL ids of the flow group, which {@link FlowGroupRate} gives the smaller rate. */
    public Set<String> flowParameterIds() {
        return flowParameters().values().stream().map(Parameter::getId).collect(Collectors.toSet());
    }
}
