package io.repflow.backend.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.repflow.api.FusionConfig;
import io.repflow.api.FusionMode;
import io.repflow.backend.djl.internal.DjlOwnedArrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fusion of RGB and flow features (paper Table 4) as a DJL block: input {@code NDList(rgb, flow)},
 * rgb {@code [B,C,T,H,W]} cut to the flow's T' frames. NONE returns the flow features, LATE the mean
 * of two equal-shape predictions, ADD/MULTIPLY combine element-wise, LAYER_MULTIPLY multiplies the
 * flow by a 1x1 convolution (with bias) of the RGB, CONCAT applies a 1x1 convolution (with bias) to
 * the channel concatenation (RGB first). Parameters {@code weight, bias} for the last two.
 */
public final class DjlFusion extends AbstractBlock {

    private static final byte VERSION = 1;

    private final FusionConfig config;
    private final Map<String, Parameter> named = new LinkedHashMap<>();

    public DjlFusion(FusionConfig config) {
        super(VERSION);
        this.config = config;
        config.parameterShapes()
                .forEach((name, shape) -> named.put(
                        name,
                        addParameter(DjlParameters.typed(
                                name,
                                name.equals("bias") ? Parameter.Type.BIAS : Parameter.Type.WEIGHT,
                                shape,
                                true))));
    }

    public FusionConfig config() {
        return config;
    }

    /** {@code weight, bias} where the mode has them. */
    public Map<String, Parameter> namedParameters() {
        return Collections.unmodifiableMap(named);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException("fusion takes NDList(rgb, flow), got " + inputs.size() + " arrays");
        }
        return new NDList(fuse(store, inputs.get(0), inputs.get(1), training));
    }

    NDArray fuse(ParameterStore store, NDArray rgb, NDArray flow, boolean training) {
        FusionMode mode = config.mode();
        if (mode == FusionMode.NONE) {
            return flow;
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray out;
            if (mode == FusionMode.LATE) {
                out = rgb.add(flow).mul(DjlOwnedArrays.scalar(rgb, 0.5));
            } else {
                long frames = flow.getShape().get(2);
                NDArray cut = rgb.getShape().get(2) == frames ? rgb : rgb.get(new NDIndex(":, :, 0:{}", frames));
                out = switch (mode) {
                    case ADD -> cut.add(flow);
                    case MULTIPLY -> cut.mul(flow);
                    case LAYER_MULTIPLY ->
                        DjlBlockOps.convPerFrame(cut, weight(store, cut, training), bias(store, cut, training))
                                .mul(flow);
                    case CONCAT ->
                        DjlBlockOps.convPerFrame(
                                cut.concat(flow, 1), weight(store, cut, training), bias(store, cut, training));
                    default -> throw new IllegalStateException("unhandled fusion " + mode);
                };
            }
            NDScope.unregister(out);
            return out;
        }
    }

    private NDArray weight(ParameterStore store, NDArray like, boolean training) {
        return DjlParameters.value(store, named.get("weight"), like, training);
    }

    private NDArray bias(ParameterStore store, NDArray like, boolean training) {
        return DjlParameters.value(store, named.get("bias"), like, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[1]};
    }

    @Override
    public String toString() {
        return "DjlFusion(" + config.mode() + ", " + config.channels() + " channels)";
    }
}
