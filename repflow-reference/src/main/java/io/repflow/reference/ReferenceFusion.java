package io.repflow.reference;

import io.repflow.api.FusionConfig;
import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import io.repflow.spi.Fusion;
import io.repflow.spi.ModuleShapes;
import java.util.List;
import java.util.Map;

/** The reference fusion (design rules 3.1, 3.2) as a module with parameters {@code weight, bias} where the mode has them. */
public class ReferenceFusion extends ReferenceModule implements Fusion {

    private final FusionConfig config;

    public ReferenceFusion(FusionConfig config, Map<String, HostTensor> initial) {
        super(config.parameterShapes(), config.parameterShapes().keySet(), initial);
        this.config = config;
    }

    @Override
    public FusionConfig config() {
        return config;
    }

    @Override
    public Shape outputShape(List<Shape> inputShapes) {
        return ModuleShapes.fusionOutput(config, inputShapes);
    }

    @Override
    protected Tape.Node graph(Tape tape, List<Tape.Node> inputs, Params params, Mode mode, boolean updateRunning) {
        return fuse(tape, config, inputs.get(0), inputs.get(1), params, "");
    }

    /**
     * The fusion of {@code rgb} with {@code flow}; weights are {@code prefix + "weight"} and
     * {@code prefix + "bias"}. Shared by the blocks.
     */
    static Tape.Node fuse(Tape tape, FusionConfig config, Tape.Node rgb, Tape.Node flow, Params params, String prefix) {
        return switch (config.mode()) {
            case NONE -> flow;
            case LATE -> tape.scale(tape.add(rgb, flow), 0.5);
            case ADD -> tape.add(cut(tape, rgb, flow), flow);
            case MULTIPLY -> tape.mul(cut(tape, rgb, flow), flow);
            case LAYER_MULTIPLY ->
                tape.mul(
                        tape.addChannelBias(
                                tape.conv2d(cut(tape, rgb, flow), params.node(prefix + "weight")),
                                params.node(prefix + "bias")),
                        flow);
            case CONCAT ->
                tape.addChannelBias(
                        tape.conv2d(tape.concatChannels(cut(tape, rgb, flow), flow), params.node(prefix + "weight")),
                        params.node(prefix + "bias"));
        };
    }

    /** The RGB features of the flow's frames: the first T'. */
    static Tape.Node cut(Tape tape, Tape.Node rgb, Tape.Node flow) {
        int frames = flow.value.dim(2);
        return rgb.value.dim(2) == frames ? rgb : tape.frames(rgb, 0, frames);
    }
}
