package io.repflow.models.spec;

import io.repflow.api.Checks;

/**
 * A fully connected layer on the channel axis at every (t, h, w) position:
 * {@code [B,I,T,H,W] -> [B,O,T,H,W]}, {@code y = W x + b} (PyTorch {@code Linear}).
 *
 * <p>Parameters: {@code weight [O,I]}, {@code bias [O]}.
 */
public record Linear(String name, int inFeatures, int outFeatures) implements Layer {

    public Linear {
        Names.segment("Linear", name);
        Checks.atLeast("Linear '" + name + "' inFeatures", inFeatures, 1);
        Checks.atLeast("Linear '" + name + "' outFeatures", outFeatures, 1);
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
