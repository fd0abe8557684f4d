package io.repflow.models.spec;

import io.repflow.api.Checks;
import io.repflow.api.Shape;

/**
 * The input a model is built for: clips {@code [B, channels, frames, height, width]}. A compiled
 * model accepts any batch size B &ge; 1 and exactly these other four sizes.
 */
public record ClipShape(int channels, int frames, int height, int width) {

    public ClipShape {
        Checks.atLeast("clip channels", channels, 1);
        Checks.atLeast("clip frames", frames, 1);
        Checks.atLeast("clip height", height, 1);
        Checks.atLeast("clip width", width, 1);
    }

    /** RGB clips of {@code frames} frames of {@code size x size}. */
    public static ClipShape rgb(int frames, int size) {
        return new ClipShape(3, frames, size, size);
    }

    /** {@code [batch, C, T, H, W]}. */
    public Shape shape(int batch) {
        return Shape.of(batch, channels, frames, height, width);
    }
}
