package io.repflow.models.arch;

import io.repflow.api.Checks;
import io.repflow.api.FlowConfig;
import io.repflow.api.FusionMode;

/**
 * Where and how a ResNet gets its flow block.
 *
 * @param position  0 = on the RGB input (before the stem), 1..4 = after residual stage {@code layer<position>}
 * @param kind      single block, flow of flow, or Flow-Conv-Flow
 * @param flow      the flow layer(s): C', iterations, initial values, learnable set, image gradient
 * @param outKernel 1 or 3: the block's output conv (3 in the paper's appendix); FcF's middle conv uses it too
 * @param fusion    how the flow representation meets the RGB features; LATE makes two networks
 */
public record FlowPlacement(int position, FlowBlockKind kind, FlowConfig flow, int outKernel, FusionMode fusion) {

    public FlowPlacement {
        Checks.inRange("flow position", position, 0, 4);
        Checks.notNull("flow block kind", kind);
        Checks.notNull("flow config", flow);
        if (outKernel != 1 && outKernel != 3) {
            throw new IllegalArgumentException(
                    "flow block outKernel = " + outKernel + " is out of range; must be 1 or 3");
        }
        Checks.notNull("flow fusion", fusion);
    }

    /** One block after {@code layer<position>} (0: on the input) with the default flow (C' = 32, 20 iterations). */
    public static FlowPlacement single(int position, FusionMode fusion) {
        return new FlowPlacement(position, FlowBlockKind.SINGLE, FlowConfig.of(FlowConfig.DEFAULT_CHANNELS), 3, fusion);
    }

    public FlowPlacement withKind(FlowBlockKind k) {
        return new FlowPlacement(position, k, flow, outKernel, fusion);
    }

    public FlowPlacement withFlow(FlowConfig f) {
        return new FlowPlacement(position, kind, f, outKernel, fusion);
    }

    public FlowPlacement withFusion(FusionMode m) {
        return new FlowPlacement(position, kind, flow, outKernel, m);
    }

    /** {@code input} or {@code layer3}. */
    public String where() {
        return position == 0 ? "input" : "layer" + position;
    }
}
