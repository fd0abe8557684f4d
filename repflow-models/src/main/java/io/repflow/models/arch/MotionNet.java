package io.repflow.models.arch;

import io.repflow.api.BatchNormConfig;
import io.repflow.api.Checks;
import io.repflow.api.FlowConfig;
import io.repflow.api.FusionMode;
import io.repflow.api.RepFlowBlockConfig;
import io.repflow.models.spec.BatchNorm;
import io.repflow.models.spec.ClipShape;
import io.repflow.models.spec.Conv2d;
import io.repflow.models.spec.Flatten;
import io.repflow.models.spec.GlobalAvgPool;
import io.repflow.models.spec.Layer;
import io.repflow.models.spec.Linear;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spec.Relu;
import io.repflow.models.spec.RepFlow;
import io.repflow.models.spec.Sequential;
import io.repflow.models.spec.TemporalMean;
import java.util.ArrayList;
import java.util.List;

/**
 * A small per-frame network for clips whose classes only motion separates (synthetic motion data,
 * the default {@code repflow train}, the TCK's convergence contract): conv 3→w, BN, ReLU, an
 * optional rep-flow block on w channels, conv w→2w, BN, ReLU, global pooling, a per-frame linear
 * classifier and the mean over time. Without the flow block every layer sees one frame, so it cannot
 * beat chance on such data; with it, it can.
 */
public final class MotionNet {

    private MotionNet() {}

    /**
     * @param clip    input clips
     * @param classes K
     * @param width   w, channels after the first conv (the flow block's input)
     * @param flow    the block's flow layer ({@code channels} = C'), or null for no block
     * @param fusion  the block's fusion (not LATE)
     */
    public static ModelSpec spec(ClipShape clip, int classes, int width, FlowConfig flow, FusionMode fusion) {
        Checks.atLeast("width", width, 1);
        List<Layer> layers = new ArrayList<>(List.of(
                new Conv2d("conv1", clip.channels(), width, 3, 1, 1, false), BatchNorm.of("bn1", width), new Relu()));
        if (flow != null) {
            if (fusion == FusionMode.LATE) {
                throw new IllegalArgumentException(
                        "MotionNet's flow block cannot use LATE fusion (that needs two networks); use a ResNet");
            }
            layers.add(
                    new RepFlow("rep_flow", new RepFlowBlockConfig(width, flow, 3, fusion, BatchNormConfig.DEFAULT)));
        }
        layers.addAll(List.of(
                new Conv2d("conv2", width, 2 * width, 3, 1, 1, false),
                BatchNorm.of("bn2", 2 * width),
                new Relu(),
                new GlobalAvgPool(),
                new Linear("fc", 2 * width, classes),
                new TemporalMean(),
                new Flatten()));
        return new ModelSpec(
                flow == null ? "motionnet" : "motionnet-repflow", clip, classes, new Sequential("", layers));
    }
}
