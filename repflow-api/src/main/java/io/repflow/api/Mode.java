package io.repflow.api;

/** Training or inference behaviour of layers that differ between them (batch norm, dropout). */
public enum Mode {
    /** Batch statistics; running statistics are updated by a forward pass. */
    TRAIN,
    /** Running statistics; nothing is updated. */
    EVAL
}
