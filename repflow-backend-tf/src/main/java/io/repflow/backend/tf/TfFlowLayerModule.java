package io.repflow.backend.tf;

import io.repflow.api.FlowConfig;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import io.repflow.spi.FlowLayer;
import io.repflow.spi.ModuleShapes;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** The flow layer as a TensorFlow graph (parameters theta … gy). */
final class TfFlowLayerModule extends TfModule implements FlowLayer {

    private final FlowConfig config;

    TfFlowLayerModule(TfBackend backend, FlowConfig config) {
        super(backend, config.parameterShapes(), config.trainableParameters(), config.initialParameters());
        this.config = config;
    }

    /** The flow parameters under {@code prefix} ("" for a bare layer). */
    static TfFlowMath.FlowParams params(Map<String, Operand<TFloat32>> ps, String prefix) {
        String p = prefix.isEmpty() ? "" : prefix + ".";
        return new TfFlowMath.FlowParams(
                ps.get(p + "theta"),
                ps.get(p + "lambda"),
                ps.get(p + "tau"),
                ps.get(p + "fx"),
                ps.get(p + "fy"),
                ps.get(p + "dx"),
                ps.get(p + "dy"),
                ps.get(p + "gx"),
                ps.get(p + "gy"));
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
    Operand<TFloat32> build(
            TfGraphOps ops,
            List<Operand<TFloat32>> inputs,
            Map<String, Operand<TFloat32>> params,
            Mode mode,
            Map<String, Operand<TFloat32>> stats) {
        return new TfFlowMath(ops).flow(inputs.get(0), inputs.get(1), params(params, ""), config);
    }
}
