package io.repflow.bench;

/** The parts of a run; each can be left out. */
public enum BenchPart {
    /** JMH: the flow layer's forward and forward+backward per backend over the plan's sweeps. */
    LAYER,
    /** The PyTorch eager baseline of the layer at the same points (a Python subprocess). */
    PYTORCH_BASELINE,
    /** Per-video inference of the paper's networks per backend, and the two-stream pipeline with OpenCV TV-L1. */
    VIDEO,
    /** Peak resident memory and Java allocation per training step per backend. */
    MEMORY
}
