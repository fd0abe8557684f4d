package io.repflow.bench;

/** The parts of a run; each can be left out. */
public enum BenchPart {
    /** JMH: the flow layer's forward and forward+backward per backend over the plan's sweeps. */
    LAYER,
    /** The PyTorch eager baseline of the layer at the same points (a Python subprocess). */
    PYTORCH_BASELINE,
    /** Per-video inference of the paper's networks per backend, and the two-stream pipeline with OpenCV TV-L1. */
    VIDEO,
    /** The same networks per video in PyTorch eager (the baseline's Python subprocess): the engines' overhead. */
    PYTORCH_VIDEO,
    /** Each backend's float32 matrix-multiply rate: the peak beside the per-video networks' GFLOP/s. */
    MATMUL,
    /** Peak resident memory and Java allocation per training step per backend. */
    MEMORY,
    /** Training-step time of {@code repflow train}'s MotionNet with and without its flow block per backend. */
    TRAINING
}
