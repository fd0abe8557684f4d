package io.repflow.models.spec;

/**
 * One node of an architecture, as data. The set is closed so that a backend compiler can walk a
 * {@link ModelSpec} with an exhaustive {@code switch}.
 *
 * <p>Feature tensors are clips {@code [B,C,T,H,W]} (float32, C order) from the input up to
 * {@link Flatten}, which turns {@code [B,C,1,1,1]} into {@code [B,C]}. Layers that are "per frame"
 * ({@link Conv2d}, and pooling windows with a temporal extent of 1) apply the same 2D operation to
 * every frame t independently. Output sizes of every windowed layer follow PyTorch:
 * {@code out = floor((in + 2*padding - kernel) / stride) + 1}.
 *
 * <p>Walk a tree with {@link LayerVisitor} (exhaustive on Java 17); on Java 21+ a pattern
 * {@code switch} over this sealed interface works too.
 *
 * <p>Layers with weights or children carry a {@code name}; a parameter's full name is the dot-joined
 * path of names from the root, PyTorch {@code state_dict} style ({@code layer3.1.bn2.running_var}).
 */
public sealed interface Layer
        permits Conv2d,
                Conv3d,
                BatchNorm,
                Relu,
                MaxPool,
                AvgPool,
                GlobalAvgPool,
                TemporalMean,
                Linear,
                Dropout,
                Flatten,
                Sequential,
                Residual,
                RepFlow,
                LateFusion {

    /** Calls the visitor's method for this record's type. */
    <R> R accept(LayerVisitor<R> visitor);
}
