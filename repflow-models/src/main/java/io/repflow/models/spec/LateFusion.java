package io.repflow.models.spec;

/**
 * Late fusion (paper Table 4): an RGB network and a flow network both read the input clip; the
 * result is the mean of their predictions {@code [B,K]} (logits). Their parameters are named under
 * their own names ({@code rgb_net.stem.conv.weight}, {@code flow_net.rep_flow.flow.theta}).
 */
public record LateFusion(Sequential rgb, Sequential flow) implements Layer {

    public LateFusion {
        if (rgb == null || flow == null) {
            throw new IllegalArgumentException("LateFusion needs both an RGB and a flow network");
        }
        if (rgb.name().isEmpty() || flow.name().isEmpty() || rgb.name().equals(flow.name())) {
            throw new IllegalArgumentException("LateFusion networks need two distinct non-empty names; got '"
                    + rgb.name() + "' and '" + flow.name() + "'");
        }
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
