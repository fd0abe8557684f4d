package io.repflow.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fusion of RGB features {@code [B,C,T,H,W]} with flow features {@code [B,C,T',H,W]} (T' &le; T; the
 * RGB features are cut to their first T' frames). For {@link FusionMode#LATE} the two inputs are
 * predictions of equal shape and the result is their mean; for {@link FusionMode#NONE} it is the
 * flow input.
 *
 * @param mode     the fusion
 * @param channels C, the channels of both inputs
 */
public record FusionConfig(FusionMode mode, int channels) {

    public FusionConfig {
        Checks.notNull("fusion.mode", mode);
        Checks.atLeast("fusion.channels", channels, 1);
    }

    /**
     * Parameter shapes: {@code weight [C,C,1,1], bias [C]} for LAYER_MULTIPLY (applied to RGB),
     * {@code weight [C,2C,1,1], bias [C]} for CONCAT (RGB channels first), nothing otherwise.
     */
    public Map<String, Shape> parameterShapes() {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        switch (mode) {
            case LAYER_MULTIPLY -> {
                shapes.put("weight", Shape.of(channels, channels, 1, 1));
                shapes.put("bias", Shape.of(channels));
            }
            case CONCAT -> {
                shapes.put("weight", Shape.of(channels, 2 * channels, 1, 1));
                shapes.put("bias", Shape.of(channels));
            }
            default -> {
                // no weights
            }
        }
        return Collections.unmodifiableMap(shapes);
    }
}
