package io.repflow.spi;

/** What a backend can do. A backend that declares a capability must pass its TCK contracts. */
public enum Capability {
    /** Forward passes of the flow layer, fusion and blocks. */
    INFERENCE,
    /** Backward passes: gradients of inputs and parameters. */
    GRADIENTS,
    /** Optimiser steps on compiled models. */
    TRAINING,
    /** Compiles repflow-models specs into the engine's own graph. */
    MODEL_COMPILER,
    /** Computes in float64 as well as float32. */
    FLOAT64,
    /** Runs on GPU devices ({@code gpu:N}). */
    GPU
}
