package io.repflow.models.spec;

/** {@code max(x, 0)} element-wise; the gradient at 0 is 0 (PyTorch). */
public record Relu() implements Layer {

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
