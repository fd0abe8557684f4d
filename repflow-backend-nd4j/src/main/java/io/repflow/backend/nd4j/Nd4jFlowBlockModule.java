package io.repflow.backend.nd4j;

import io.repflow.api.FlowBlockConfig;
import io.repflow.api.FlowConfig;
import io.repflow.api.FlowConvFlowConfig;
import io.repflow.api.Mode;
import io.repflow.api.RepFlowBlockConfig;
import io.repflow.api.Shape;
import io.repflow.spi.FlowBlock;
import io.repflow.spi.ModuleShapes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The rep-flow block and Flow-Conv-Flow as one SameDiff graph on {@code x [B,C,T,H,W]}, computed on
 * per-frame batches {@code [B*T,C,H,W]} between one layout change in and one out. Parameter names
 * are the config's ({@code reduce.weight}, {@code flow.theta}, {@code bn.running_mean} …).
 */
final class Nd4jFlowBlockModule extends Nd4jModule implements FlowBlock {

    private final FlowBlockConfig config;

    Nd4jFlowBlockModule(Nd4jBackend backend, FlowBlockConfig config, long seed) {
        super(
                backend,
                config.framesDropped() == 2 ? "Flow-Conv-Flow block" : "rep-flow block",
                config.parameterShapes(),
                config.trainableParameters(),
                config.initialParameters(seed));
        this.config = config;
    }

    @Override
    public FlowBlockConfig config() {
        return config;
    }

    @Override
    public Shape outputShape(List<Shape> inputShapes) {
        return ModuleShapes.blockOutput(config, new ArrayList<>(inputShapes));
    }

    @Override
    protected List<String> inputNames() {
        return List.of("x");
    }

    @Override
    protected boolean dependsOnMode() {
        return true;
    }

    @Override
    protected Definition define(SameDiff sd, Mode mode, List<SDVariable> inputs, List<Shape> inputShapes) {
        Shape s = inputShapes.get(0);
        Map<String, SDVariable> updated = new LinkedHashMap<>();
        SDVariable y =
                apply(sd, config, "", inputs.get(0), s.dim(0), s.dim(1), s.dim(2), s.dim(3), s.dim(4), mode, updated);
        return new Definition(y, updated);
    }

    /**
     * The block {@code config} on {@code x [B,C,T,H,W]} with parameters named {@code prefix + name};
     * new running statistics of a TRAIN pass are put into {@code updatedBuffers}.
     *
     * @return {@code [B,C,T-framesDropped,H,W]}
     */
    static SDVariable apply(
            SameDiff sd,
            FlowBlockConfig config,
            String prefix,
            SDVariable x,
            long b,
            long c,
            long t,
            long h,
            long w,
            Mode mode,
            Map<String, SDVariable> updatedBuffers) {
        SDVariable out = applyToFrames(
                sd, config, prefix, Nd4jFrames.toFrames(x, b, c, t, h, w), b, c, t, h, w, mode, updatedBuffers);
        return Nd4jFrames.toClip(out, b, c, t - config.framesDropped(), h, w);
    }

    /**
     * The block on per-frame features {@code [B*T,C,H,W]} (clip-major), for callers that keep that
     * layout between layers (the model compiler).
     *
     * @return {@code [B*(T-framesDropped),C,H,W]}
     */
    static SDVariable applyToFrames(
            SameDiff sd,
            FlowBlockConfig config,
            String prefix,
            SDVariable frames,
            long b,
            long c,
            long t,
            long h,
            long w,
            Mode mode,
            Map<String, SDVariable> updatedBuffers) {
        SDVariable reduced = Nd4jConvolution.sameConv(sd, frames, sd.getVariable(prefix + "reduce.weight"), null, 1);
        SDVariable flow;
        int outKernel;
        if (config instanceof RepFlowBlockConfig block) {
            flow = flowOnPairs(sd, reduced, block.flow(), prefix + "flow.", b, t, h, w);
            outKernel = block.outKernel();
        } else {
            FlowConvFlowConfig fcf = (FlowConvFlowConfig) config;
            SDVariable first = flowOnPairs(sd, reduced, fcf.first(), prefix + "flow1.", b, t, h, w);
            long c2 = fcf.second().channels();
            SDVariable mid =
                    Nd4jConvolution.sameConv(sd, first, sd.getVariable(prefix + "mid.weight"), null, fcf.midKernel());
            Nd4jBatchNorm.Result midBn =
                    Nd4jBatchNorm.apply(sd, mid, prefix + "mid_bn", c2, b * (t - 1) * h * w, mode, config.batchNorm());
            updatedBuffers.putAll(midBn.updatedBuffers());
            flow = flowOnPairs(sd, sd.nn.relu(midBn.y(), 0.0), fcf.second(), prefix + "flow2.", b, t - 1, h, w);
            outKernel = fcf.outKernel();
        }
        long frameCount = t - config.framesDropped();
        SDVariable out = Nd4jConvolution.sameConv(sd, flow, sd.getVariable(prefix + "out.weight"), null, outKernel);
        Nd4jBatchNorm.Result bn =
                Nd4jBatchNorm.apply(sd, out, prefix + "bn", c, b * frameCount * h * w, mode, config.batchNorm());
        updatedBuffers.putAll(bn.updatedBuffers());
        SDVariable fused = bn.y();
        if (config.fusion().fusesFeatures()) {
            SDVariable rgb = Nd4jFrames.range(frames, b, c, t, h, w, 0, frameCount);
            fused = Nd4jFusionMath.apply(sd, config.fusion(), rgb, fused, prefix + "fusion.");
        }
        return sd.nn.relu(fused, 0.0);
    }

    /**
     * Per-clip normalisation, then the flow layer on frame pairs (t, t+1):
     * {@code [B*T,C',H,W] → [B*(T-1),2C',H,W]}.
     */
    private static SDVariable flowOnPairs(
            SameDiff sd, SDVariable frames, FlowConfig flow, String prefix, long b, long t, long h, long w) {
        long c = flow.channels();
        SDVariable clip = Nd4jClipNormalisation.apply(sd, frames.reshape(b, t, c, h, w), 5);
        SDVariable f1 = Nd4jGraphOps.slice(clip, 5, 1, 0, t - 1).reshape(b * (t - 1), c, h, w);
        SDVariable f2 = Nd4jGraphOps.slice(clip, 5, 1, 1, t).reshape(b * (t - 1), c, h, w);
        return Nd4jFlowMath.apply(
                sd, flow, Nd4jFlowMath.Variables.lookup(sd, prefix), f1, f2, new long[] {b * (t - 1), c, h, w});
    }
}
