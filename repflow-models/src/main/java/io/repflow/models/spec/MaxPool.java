package io.repflow.models.spec;

/**
 * Max pooling over (T, H, W) windows, implicit padding with -infinity, floor mode (PyTorch
 * {@code MaxPool3d}; a temporal kernel, stride 1 and padding 0 make it a per-frame {@code MaxPool2d}).
 * Gradient goes to the first maximum of each window.
 */
public record MaxPool(Size3 kernel, Size3 stride, Size3 padding) implements Layer {

    public MaxPool {
        if (kernel == null || stride == null || padding == null) {
            throw new IllegalArgumentException(
                    "MaxPool kernel, stride and padding are required; got " + kernel + ", " + stride + ", " + padding);
        }
        Windows.check("MaxPool", kernel, stride, padding);
        if (2 * padding.t() > kernel.t() || 2 * padding.h() > kernel.h() || 2 * padding.w() > kernel.w()) {
            throw new IllegalArgumentException(
                    "MaxPool padding " + padding + " must be at most half the kernel " + kernel);
        }
    }

    /** The ResNet stem pool: 3x3, stride 2, padding 1, per frame. */
    public static MaxPool resnetStem() {
        return new MaxPool(Size3.spatial(3), Size3.spatial(2), Size3.spatialPadding(1));
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
