package io.repflow.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Flow-Conv-Flow (paper Table 5): 1x1 conv {@code C -> C1'} (no bias); per-clip normalisation to
 * [0, 255]; flow 1 on frame pairs ({@code 2C1'}, T-1 frames); conv {@code 2C1' -> C2'} (k x k, no
 * bias) + batch norm + ReLU; per-clip normalisation; flow 2 on frame pairs ({@code 2C2'}, T-2 frames);
 * conv {@code 2C2' -> C} + batch norm; fusion with the RGB features of frames 0..T-3; ReLU.
 *
 * <p>Parameters: {@code reduce.weight}, {@code flow1.*}, {@code mid.weight [C2',2C1',k,k]},
 * {@code mid_bn.*}, {@code flow2.*}, {@code out.weight [C,2C2',k,k]}, {@code bn.*}, {@code fusion.*}.
 */
public record FlowConvFlowConfig(
        int inChannels,
        FlowConfig first,
        FlowConfig second,
        int midKernel,
        int outKernel,
        FusionMode fusion,
        BatchNormConfig batchNorm)
        implements FlowBlockConfig {

    public FlowConvFlowConfig {
        Checks.atLeast("fcf.inChannels", inChannels, 1);
        Checks.notNull("fcf.first", first);
        Checks.notNull("fcf.second", second);
        if (midKernel != 1 && midKernel != 3) {
            throw new IllegalArgumentException("fcf.midKernel = " + midKernel + " is out of range; must be 1 or 3");
        }
        if (outKernel != 1 && outKernel != 3) {
            throw new IllegalArgumentException("fcf.outKernel = " + outKernel + " is out of range; must be 1 or 3");
        }
        Checks.notNull("fcf.fusion", fusion);
        Checks.notNull("fcf.batchNorm", batchNorm);
    }

    /** FcF on C input channels, both flow layers with the defaults, 3x3 convolutions. */
    public static FlowConvFlowConfig of(int inChannels, FusionMode fusion) {
        FlowConfig flow = FlowConfig.of(FlowConfig.DEFAULT_CHANNELS);
        return new FlowConvFlowConfig(inChannels, flow, flow, 3, 3, fusion, BatchNormConfig.DEFAULT);
    }

    @Override
    public int framesDropped() {
        return 2;
    }

    @Override
    public Map<String, Shape> parameterShapes() {
        int c = inChannels;
        int r1 = first.channels();
        int r2 = second.channels();
        Map<String, Shape> shapes = new LinkedHashMap<>();
        shapes.put("reduce.weight", Shape.of(r1, c, 1, 1));
        first.parameterShapes().forEach((k, v) -> shapes.put("flow1." + k, v));
        shapes.put("mid.weight", Shape.of(r2, 2 * r1, midKernel, midKernel));
        BlockParameters.batchNorm(shapes, "mid_bn", r2);
        second.parameterShapes().forEach((k, v) -> shapes.put("flow2." + k, v));
        shapes.put("out.weight", Shape.of(c, 2 * r2, outKernel, outKernel));
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
        for (String bn : new String[] {"mid_bn", "bn"}) {
            b.add(bn + ".running_mean");
            b.add(bn + ".running_var");
        }
        return Collections.unmodifiableSet(b);
    }

    @Override
    public FlowConfig flowConfigOf(String prefix) {
        return switch (prefix) {
            case "flow1" -> first;
            case "flow2" -> second;
            default -> null;
        };
    }
}
