package io.repflow.backend.tf;

import io.repflow.api.FusionConfig;
import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import io.repflow.spi.Fusion;
import io.repflow.spi.ModuleShapes;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** A fusion mode as a TensorFlow graph. */
final class TfFusionModule extends TfModule implements Fusion {

    private final FusionConfig config;

    TfFusionModule(TfBackend backend, FusionConfig config, Map<String, HostTensor> initial) {
        super(backend, config.parameterShapes(), config.parameterShapes().keySet(), initial);
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
    Operand<TFloat32> build(
            TfGraphOps ops,
            List<Operand<TFloat32>> inputs,
            Map<String, Operand<TFloat32>> params,
            Mode mode,
            Map<String, Operand<TFloat32>> stats) {
        return new TfFusionMath(ops)
                .fuse(config.mode(), inputs.get(0), inputs.get(1), params.get("weight"), params.get("bias"));
    }
}
