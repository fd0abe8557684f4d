package io.repflow.data.dataset;

import java.nio.file.Path;
import java.util.Objects;

/** One labelled video of a dataset. */
public record VideoSample(Path path, int label) {
    public VideoSample {
        Objects.requireNonNull(path, "path");
        if (label < 0) {
            throw new IllegalArgumentException("label must be >= 0 but is " + label + " for " + path);
        }
    }
}
