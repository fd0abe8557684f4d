package io.repflow.models.spec;

/**
 * Learning-rate groups. {@link #FLOW} holds the TV-L1 parameters of every flow layer (theta, lambda,
 * tau and the gradient/divergence kernels: {@code <block>.flow.*}, {@code <block>.flow1.*},
 * {@code <block>.flow2.*}), trained at a fraction of the base rate (0.01 in the paper's appendix).
 * Everything else, including the convolutions and batch norms inside rep-flow blocks, is
 * {@link #DEFAULT}.
 */
public enum ParameterGroup {
    DEFAULT,
    FLOW
}
