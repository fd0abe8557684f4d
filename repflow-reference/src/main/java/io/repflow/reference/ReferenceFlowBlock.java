package io.repflow.reference;

import io.repflow.api.FlowBlockConfig;
import io.repflow.api.FlowConvFlowConfig;
import io.repflow.api.FusionConfig;
import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.RepFlowBlockConfig;
import io.repflow.api.Shape;
import io.repflow.spi.FlowBlock;
import io.repflow.spi.ModuleShapes;
import java.util.List;
import java.util.Map;

/** The reference rep-flow block and Flow-Conv-Flow, exactly as the configs' javadoc describes them. */
public class ReferenceFlowBlock extends ReferenceModule implements FlowBlock {

    private final FlowBlockConfig config;

    public ReferenceFlowBlock(FlowBlockConfig config, Map<String, HostTensor> initial) {
        super(config.parameterShapes(), config.trainableParameters(), initial);
        this.config = config;
    }

    @Override
    public FlowBlockConfig config() {
        return config;
    }

    @Override
    public Shape outputShape(List<Shape> inputShapes) {
        return ModuleShapes.blockOutput(config, inputShapes);
    }

    @Override
    protected Tape.Node graph(Tape tape, List<Tape.Node> inputs, Params p, Mode mode, boolean update) {
        Tape.Node x = inputs.get(0);
        Tape.Node reduced = tape.conv2d(x, p.node("reduce.weight"));
        Tape.Node flowOut;
        if (config instanceof RepFlowBlockConfig c) {
            flowOut = tape.flowPairs(tape.clipNormalize(reduced), p.flow("flow", c.flow()), p.flowGrads("flow"));
        } else {
            FlowConvFlowConfig c = (FlowConvFlowConfig) config;
            Tape.Node f1 =
                    tape.flowPairs(tape.clipNormalize(reduced), p.flow("flow1", c.first()), p.flowGrads("flow1"));
            Tape.Node mid =
                    tape.relu(batchNorm(tape, tape.conv2d(f1, p.node("mid.weight")), p, "mid_bn", mode, update));
            flowOut = tape.flowPairs(tape.clipNormalize(mid), p.flow("flow2", c.second()), p.flowGrads("flow2"));
        }
        Tape.Node out = batchNorm(tape, tape.conv2d(flowOut, p.node("out.weight")), p, "bn", mode, update);
        Tape.Node fused = config.fusion().fusesFeatures()
                ? ReferenceFusion.fuse(
                        tape, new FusionConfig(config.fusion(), config.inChannels()), x, out, p, "fusion.")
                : out;
        return tape.relu(fused);
    }

    private Tape.Node batchNorm(Tape tape, Tape.Node x, Params p, String prefix, Mode mode, boolean update) {
        return tape.batchNorm(
                x,
                p.node(prefix + ".weight"),
                p.node(prefix + ".bias"),
                p.buffer(prefix + ".running_mean"),
                p.buffer(prefix + ".running_var"),
                mode,
                config.batchNorm(),
                update);
    }
}
