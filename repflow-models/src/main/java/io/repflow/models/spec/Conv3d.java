package io.repflow.models.spec;

import io.repflow.api.Checks;

/**
 * A 3D convolution over (T, H, W): {@code [B,I,T,H,W] -> [B,O,T',H',W']}, zero padding,
 * cross-correlation (PyTorch {@code Conv3d}). (2+1)D convolutions are two of these, spatial
 * {@code (1,k,k)} then temporal {@code (k,1,1)}, with batch norm and ReLU between (see the builders).
 *
 * <p>Parameters: {@code weight [O,I,kt,kh,kw]}, and {@code bias [O]} when {@code bias}.
 */
public record Conv3d(
        String name, int inChannels, int outChannels, Size3 kernel, Size3 stride, Size3 padding, boolean bias)
        implements Layer {

    public Conv3d {
        Names.segment("Conv3d", name);
        Checks.atLeast("Conv3d '" + name + "' inChannels", inChannels, 1);
        Checks.atLeast("Conv3d '" + name + "' outChannels", outChannels, 1);
        Checks.notNull("Conv3d '" + name + "' kernel", kernel);
        Checks.notNull("Conv3d '" + name + "' stride", stride);
        Checks.notNull("Conv3d '" + name + "' padding", padding);
        Windows.check("Conv3d '" + name + "'", kernel, stride, padding);
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
