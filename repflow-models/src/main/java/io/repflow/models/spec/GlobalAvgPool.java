package io.repflow.models.spec;

/** Mean over H and W of every frame: {@code [B,C,T,H,W] -> [B,C,T,1,1]}. */
public record GlobalAvgPool() implements Layer {

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
