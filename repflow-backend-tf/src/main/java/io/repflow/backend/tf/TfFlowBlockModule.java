package io.repflow.backend.tf;

import io.repflow.api.FlowBlockConfig;
import io.repflow.api.FlowConvFlowConfig;
import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.RepFlowBlockConfig;
import io.repflow.api.Shape;
import io.repflow.spi.FlowBlock;
import io.repflow.spi.ModuleShapes;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** The rep-flow block or Flow-Conv-Flow as a TensorFlow graph, exactly as their configs describe. */
final class TfFlowBlockModule extends TfModule implements FlowBlock {

    private final FlowBlockConfig config;

    TfFlowBlockModule(TfBackend backend, FlowBlockConfig config, Map<String, HostTensor> initial) {
        super(backend, config.parameterShapes(), config.trainableParameters(), initial);
        this.config = config;
    }

    @Override
    public FlowBlockConfig config() {
        return config;
    }

    @Override
    double momentum() {
        return config.batchNorm().momentum();
    }

    @Override
    public Shape outputShape(List<Shape> inputShapes) {
        return ModuleShapes.blockOutput(config, inputShapes);
    }

    @Override
    Operand<TFloat32> build(
            TfGraphOps ops,
            List<Operand<TFloat32>> inputs,
            Map<String, Operand<TFloat32>> params,
            Mode mode,
            Map<String, Operand<TFloat32>> stats) {
        return block(ops, inputs.get(0), config, params, "", mode == Mode.TRAIN, stats);
    }

    /** The block under parameter prefix {@code prefix} (e.g. "rep_flow." inside a model, "" alone). */
    static Operand<TFloat32> block(
            TfGraphOps ops,
            Operand<TFloat32> x,
            FlowBlockConfig config,
            Map<String, Operand<TFloat32>> p,
            String prefix,
            boolean train,
            Map<String, Operand<TFloat32>> stats) {
        TfBlockOps blocks = new TfBlockOps(ops);
        TfFlowMath flowMath = new TfFlowMath(ops);
        Operand<TFloat32> reduced = blocks.conv2dFrames(x, p.get(prefix + "reduce.weight"));
        Operand<TFloat32> flow;
        if (config instanceof RepFlowBlockConfig c) {
            flow = flowMath.flowPairs(
                    blocks.clipNormalise(reduced), TfFlowLayerModule.params(p, prefix + "flow"), c.flow());
        } else {
            FlowConvFlowConfig c = (FlowConvFlowConfig) config;
            Operand<TFloat32> f1 = flowMath.flowPairs(
                    blocks.clipNormalise(reduced), TfFlowLayerModule.params(p, prefix + "flow1"), c.first());
            Operand<TFloat32> mid = ops.relu(batchNorm(
                    ops,
                    blocks.conv2dFrames(f1, p.get(prefix + "mid.weight")),
                    config,
                    p,
                    prefix + "mid_bn",
                    train,
                    stats));
            flow = flowMath.flowPairs(
                    blocks.clipNormalise(mid), TfFlowLayerModule.params(p, prefix + "flow2"), c.second());
        }
        Operand<TFloat32> out = batchNorm(
                ops, blocks.conv2dFrames(flow, p.get(prefix + "out.weight")), config, p, prefix + "bn", train, stats);
        Operand<TFloat32> fused = config.fusion().fusesFeatures()
                ? new TfFusionMath(ops)
                        .fuse(config.fusion(), x, out, p.get(prefix + "fusion.weight"), p.get(prefix + "fusion.bias"))
                : out;
        return ops.relu(fused);
    }

    private static Operand<TFloat32> batchNorm(
            TfGraphOps ops,
            Operand<TFloat32> x,
            FlowBlockConfig config,
            Map<String, Operand<TFloat32>> p,
            String bn,
            boolean train,
            Map<String, Operand<TFloat32>> stats) {
        TfBlockOps.Normalised n = new TfBlockOps(ops)
                .batchNorm(
                        x,
                        p.get(bn + ".weight"),
                        p.get(bn + ".bias"),
                        p.get(bn + ".running_mean"),
                        p.get(bn + ".running_var"),
                        train,
                        config.batchNorm());
        if (train) {
            stats.put(bn + ".running_mean", n.batchMean());
            stats.put(bn + ".running_var", n.batchVar());
        }
        return n.y();
    }
}
