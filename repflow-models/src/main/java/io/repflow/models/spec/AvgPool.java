package io.repflow.models.spec;

/** Average pooling over (T, H, W) windows without padding, floor mode (PyTorch {@code AvgPool3d}). */
public record AvgPool(Size3 kernel, Size3 stride) implements Layer {

    public AvgPool {
        if (kernel == null || stride == null) {
            throw new IllegalArgumentException("AvgPool kernel and stride are required; got " + kernel + ", " + stride);
        }
        Windows.check("AvgPool", kernel, stride, new Size3(0, 0, 0));
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
