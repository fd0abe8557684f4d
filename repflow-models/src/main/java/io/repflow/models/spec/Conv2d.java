package io.repflow.models.spec;

import io.repflow.api.Checks;

/**
 * A 2D convolution applied to every frame: {@code [B,I,T,H,W] -> [B,O,T,H',W']}, square kernel,
 * zero padding, cross-correlation (PyTorch {@code Conv2d} on the {@code B*T} frames).
 *
 * <p>Parameters: {@code weight [O,I,k,k]}, and {@code bias [O]} when {@code bias}.
 */
public record Conv2d(String name, int inChannels, int outChannels, int kernel, int stride, int padding, boolean bias)
        implements Layer {

    public Conv2d {
        Names.segment("Conv2d", name);
        Checks.atLeast("Conv2d '" + name + "' inChannels", inChannels, 1);
        Checks.atLeast("Conv2d '" + name + "' outChannels", outChannels, 1);
        Checks.atLeast("Conv2d '" + name + "' kernel", kernel, 1);
        Checks.atLeast("Conv2d '" + name + "' stride", stride, 1);
        Checks.inRange("Conv2d '" + name + "' padding", padding, 0, kernel - 1);
    }

    /** A bias-free convolution with padding {@code kernel/2} (ResNet style). */
    public static Conv2d of(String name, int in, int out, int kernel, int stride) {
        return new Conv2d(name, in, out, kernel, stride, kernel / 2, false);
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
