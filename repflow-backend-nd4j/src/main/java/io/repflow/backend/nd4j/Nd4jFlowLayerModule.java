package io.repflow.backend.nd4j;

import io.repflow.api.FlowConfig;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import io.repflow.spi.FlowLayer;
import io.repflow.spi.ModuleShapes;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** The flow layer (design rules 2.1–2.12) as a SameDiff graph with variables {@code theta … gy} and inputs {@code F1, F2}. */
final class Nd4jFlowLayerModule extends Nd4jModule implements FlowLayer {

    private final FlowConfig config;

    Nd4jFlowLayerModule(Nd4jBackend backend, FlowConfig config) {
        super(
                backend,
                "flow layer",
                config.parameterShapes(),
                config.trainableParameters(),
                config.initialParameters());
        this.config = config;
    }

    @Override
    public FlowConfig config() {
        return config;
    }

    @Override
    public Shape outputShape(List<Shape> inputShapes) {
        return ModuleShapes.flowOutput(config, new ArrayList<>(inputShapes));
    }

    @Override
    protected List<String> inputNames() {
        return List.of("F1", "F2");
    }

    @Override
    protected Definition define(SameDiff sd, Mode mode, List<SDVariable> inputs, List<Shape> inputShapes) {
        long[] nchw = Nd4jTensors.longs(inputShapes.get(0).dims());
        return Definition.of(Nd4jFlowMath.apply(
                sd, config, Nd4jFlowMath.Variables.lookup(sd, ""), inputs.get(0), inputs.get(1), nchw));
    }
}
