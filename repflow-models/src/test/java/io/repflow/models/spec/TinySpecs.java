package io.repflow.models.spec;

/** Small specs shared by tests. */
public final class TinySpecs {

    private TinySpecs() {}

    /** Clips [B,1,1,2,2] -> pool -> linear -> [B, classes]. */
    public static ModelSpec linear(int classes) {
        return new ModelSpec(
                "tiny-linear",
                new ClipShape(1, 1, 2, 2),
                classes,
                Sequential.of(
                        "", new GlobalAvgPool(), new Linear("fc", 1, classes), new TemporalMean(), new Flatten()));
    }
}
