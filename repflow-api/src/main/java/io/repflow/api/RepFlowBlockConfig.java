package io.repflow.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The representation-flow block (docs/design.md, rules 4.1–4.5): 1x1 conv {@code C -> C'} (no bias); per-clip
 * normalisation to [0, 255] by min and max over (C', T, H, W), a constant clip giving 0; flow on
 * frame pairs (t, t+1); conv {@code 2C' -> C} (k x k, padding k/2, no bias) and batch norm; fusion
 * with the RGB features of frames 0..T-2; ReLU.
 *
 * <p>Parameters: {@code reduce.weight [C',C,1,1]}, {@code flow.*}, {@code out.weight [C,2C',k,k]},
 * {@code bn.weight, bn.bias, bn.running_mean, bn.running_var [C]}, {@code fusion.*}.
 *
 * @param inChannels C
 * @param flow       the flow layer; its {@code channels} is C'
 * @param outKernel  1 or 3 (the paper's appendix uses 3)
 * @param fusion     the fusion mode
 * @param batchNorm  batch-norm settings
 */
public record RepFlowBlockConfig(
        int inChannels, FlowConfig flow, int outKernel, FusionMode fusion, BatchNormConfig batchNorm)
        implements FlowBlockConfig {

    public RepFlowBlockConfig {
        Checks.atLeast("block.inChannels", inChannels, 1);
        Checks.notNull("block.flow", flow);
        if (outKernel != 1 && outKernel != 3) {
            throw new IllegalArgumentException("block.outKernel = " + outKernel + " is out of range; must be 1 or 3");
        }
        Checks.notNull("block.fusion", fusion);
        Checks.notNull("block.batchNorm", batchNorm);
    }

    /** A block on C input channels with the default flow (C' = 32, 20 iterations), 3x3 output conv. */
    public static RepFlowBlockConfig of(int inChannels, FusionMode fusion) {
        return new RepFlowBlockConfig(
                inChannels, FlowConfig.of(FlowConfig.DEFAULT_CHANNELS), 3, fusion, BatchNormConfig.DEFAULT);
    }

    public int reducedChannels() {
        return flow.channels();
    }

    @Override
    public int framesDropped() {
        return 1;
    }

    @Override
    public Map<String, Shape> parameterShapes() {
        int c = inChannels;
        int r = flow.channels();
        Map<String, Shape> shapes = new LinkedHashMap<>();
        shapes.put("reduce.weight", Shape.of(r, c, 1, 1));
        flow.parameterShapes().forEach((k, v) -> shapes.put("flow." + k, v));
        shapes.put("out.weight", Shape.of(c, 2 * r, outKernel, outKernel));
        BlockParameters.batchNorm(shapes, "bn", c);
        new FusionConfig(fusion, c).parameterShapes().forEach((k, v) -> shapes.put("fusion." + k, v));
        return Collections.unmodifiableMap(shapes);
    }

    @Override
    public Set<String> trainableParameters() {
        return BlockParameters.trainable(parameterShapes().keySet(), this::flowConfigOf);
    }

    @Override
    public Set<String> buffers() {
        Set<String> b = new LinkedHashSet<>();
        b.add("bn.running_mean");
        b.add("bn.running_var");
        return Collections.unmodifiableSet(b);
    }

    @Override
    public FlowConfig flowConfigOf(String prefix) {
        return "flow".equals(prefix) ? flow : null;
    }
}
