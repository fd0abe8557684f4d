package io.repflow.models.spec;

/**
 * One method per {@link Layer} record: the exhaustive walk for Java 17 (pattern matching for
 * {@code switch} is not final there). A new layer type adds a method here, so every compiler that
 * implements this interface stops compiling until it handles it.
 *
 * @param <R> what the walk produces per layer
 */
public interface LayerVisitor<R> {

    R visit(Conv2d layer);

    R visit(Conv3d layer);

    R visit(BatchNorm layer);

    R visit(Relu layer);

    R visit(MaxPool layer);

    R visit(AvgPool layer);

    R visit(GlobalAvgPool layer);

    R visit(TemporalMean layer);

    R visit(Linear layer);

    R visit(Dropout layer);

    R visit(Flatten layer);

    R visit(Sequential layer);

    R visit(Residual layer);

    R visit(RepFlow layer);

    R visit(LateFusion layer);
}
