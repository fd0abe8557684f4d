package io.repflow.models.spec;

/**
 * Inverted dropout in TRAIN mode only: each element is zeroed with probability {@code p} and the
 * rest scaled by {@code 1/(1-p)}; identity in EVAL mode and when {@code p = 0}.
 */
public record Dropout(double p) implements Layer {

    public Dropout {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("Dropout p = " + p + " is out of range; must be in [0, 1)");
        }
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
