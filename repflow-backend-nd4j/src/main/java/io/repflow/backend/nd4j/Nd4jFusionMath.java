package io.repflow.backend.nd4j;

import io.repflow.api.FusionMode;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Fusion (design rule 3.2, paper Table 4) of per-frame RGB and flow features {@code [M,C,H,W]} already cut
 * to the same frames; LATE averages two predictions of equal shape. Weights {@code prefix + "weight"},
 * {@code prefix + "bias"} for LAYER_MULTIPLY (1x1 conv on RGB) and CONCAT (1x1 conv on [RGB; flow]).
 */
final class Nd4jFusionMath {

    private Nd4jFusionMath() {}

    static SDVariable apply(SameDiff sd, FusionMode mode, SDVariable rgb, SDVariable flow, String prefix) {
        return switch (mode) {
            case NONE -> flow;
            case LATE -> rgb.add(flow).mul(0.5);
            case ADD -> rgb.add(flow);
            case MULTIPLY -> rgb.mul(flow);
            case LAYER_MULTIPLY ->
                Nd4jConvolution.sameConv(sd, rgb, sd.getVariable(prefix + "weight"), sd.getVariable(prefix + "bias"), 1)
                        .mul(flow);
            case CONCAT ->
                Nd4jConvolution.sameConv(
                        sd,
                        sd.concat(1, rgb, flow),
                        sd.getVariable(prefix + "weight"),
                        sd.getVariable(prefix + "bias"),
                        1);
        };
    }
}
