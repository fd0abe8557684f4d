package io.repflow.api;

/** How the flow representation meets the RGB stream (paper Table 4). */
public enum FusionMode {
    /** Flow representation only. */
    NONE,
    /** Separate RGB and flow networks; their predictions are averaged. */
    LATE,
    /** RGB + flow. */
    ADD,
    /** RGB * flow. */
    MULTIPLY,
    /** conv1x1(RGB) * flow. */
    LAYER_MULTIPLY,
    /** conv1x1(concat(RGB, flow)) back to C channels. */
    CONCAT;

    /** True when the mode has its own weights. */
    public boolean hasParameters() {
        return this == LAYER_MULTIPLY || this == CONCAT;
    }

    /** True when the mode combines feature maps inside a block (not NONE, not LATE). */
    public boolean fusesFeatures() {
        return this != NONE && this != LATE;
    }
}
