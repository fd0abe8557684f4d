package io.repflow.backend.nd4j;

import io.repflow.api.FusionConfig;
import io.repflow.api.FusionMode;
import io.repflow.api.Mode;
import io.repflow.api.ParameterInit;
import io.repflow.api.Shape;
import io.repflow.spi.Fusion;
import io.repflow.spi.ModuleShapes;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** Fusion (design rules 3.1, 3.2) as a SameDiff graph: inputs {@code rgb [B,C,T,H,W]}, {@code flow [B,C,T',H,W]}. */
final class Nd4jFusionModule extends Nd4jModule implements Fusion {

    private final FusionConfig config;

    Nd4jFusionModule(Nd4jBackend backend, FusionConfig config, long seed) {
        super(
                backend,
                "fusion " + config.mode(),
                config.parameterShapes(),
                config.parameterShapes().keySet(),
                ParameterInit.initialise(config.parameterShapes(), prefix -> null, seed));
        this.config = config;
    }

    @Override
    public FusionConfig config() {
        return config;
    }

    @Override
    public Shape outputShape(List<Shape> inputShapes) {
        return ModuleShapes.fusionOutput(config, new ArrayList<>(inputShapes));
    }

    @Override
    protected List<String> inputNames() {
        return List.of("rgb", "flow");
    }

    @Override
    protected Definition define(SameDiff sd, Mode mode, List<SDVariable> inputs, List<Shape> inputShapes) {
        FusionMode m = config.mode();
        if (m == FusionMode.LATE || m == FusionMode.NONE) {
            return Definition.of(Nd4jFusionMath.apply(sd, m, inputs.get(0), inputs.get(1), ""));
        }
        Shape rgb = inputShapes.get(0);
        Shape flow = inputShapes.get(1);
        long b = rgb.dim(0);
        long c = rgb.dim(1);
        long t = flow.dim(2);
        long h = rgb.dim(3);
        long w = rgb.dim(4);
        SDVariable rgbFrames = Nd4jFrames.range(
                Nd4jFrames.toFrames(inputs.get(0), b, c, rgb.dim(2), h, w), b, c, rgb.dim(2), h, w, 0, t);
        SDVariable flowFrames = Nd4jFrames.toFrames(inputs.get(1), b, c, t, h, w);
        return Definition.of(Nd4jFrames.toClip(Nd4jFusionMath.apply(sd, m, rgbFrames, flowFrames, ""), b, c, t, h, w));
    }
}
