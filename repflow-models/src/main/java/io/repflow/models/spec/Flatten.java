package io.repflow.models.spec;

/** {@code [B,C,1,1,1] -> [B,C]}; the last layer of a network (T, H and W must already be 1). */
public record Flatten() implements Layer {

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
