package io.repflow.data.transform;

/** Horizontal mirroring of crops. */
public enum Flip {
    /** Never mirror. */
    NONE,
    /** Mirror each crop with probability 1/2 (training augmentation). */
    RANDOM,
    /** Use each crop twice, as is and mirrored (test-time augmentation; doubles the views). */
    BOTH
}
