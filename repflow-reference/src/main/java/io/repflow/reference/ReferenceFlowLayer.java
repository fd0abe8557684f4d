package io.repflow.reference;

import io.repflow.api.FlowConfig;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import io.repflow.spi.FlowLayer;
import io.repflow.spi.ModuleShapes;
import java.util.List;

/** The reference flow layer as a module (parameters theta, lambda, tau, fx, fy, dx, dy, gx, gy). */
public class ReferenceFlowLayer extends ReferenceModule implements FlowLayer {

    private final FlowConfig config;

    public ReferenceFlowLayer(FlowConfig config) {
        super(config.parameterShapes(), config.trainableParameters(), config.initialParameters());
        this.config = config;
    }

    @Override
    public FlowConfig config() {
        return config;
    }

    @Override
    public Shape outputShape(List<Shape> inputShapes) {
        return ModuleShapes.flowOutput(config, inputShapes);
    }

    @Override
    protected Tape.Node graph(Tape tape, List<Tape.Node> inputs, Params params, Mode mode, boolean updateRunning) {
        ReferenceFlow flow = params.flow("", config);
        return tape.flow(inputs.get(0), inputs.get(1), flow, params.flowGrads(""));
    }
}
