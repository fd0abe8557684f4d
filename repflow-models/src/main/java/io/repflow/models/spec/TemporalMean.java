package io.repflow.models.spec;

/**
 * Mean over time: {@code [B,C,T,H,W] -> [B,C,1,H,W]}. After a per-frame classifier this is the
 * paper's eq. 11 (per-frame predictions averaged over time).
 */
public record TemporalMean() implements Layer {

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
