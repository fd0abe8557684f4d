package io.repflow.api;

/**
 * Batch normalisation over the channel axis with PyTorch's semantics: biased variance to normalise
 * in training, unbiased variance into the running estimate, {@code running = (1-m)*running + m*batch}.
 */
public record BatchNormConfig(double eps, double momentum) {

    public static final BatchNormConfig DEFAULT = new BatchNormConfig(1e-5, 0.1);

    public BatchNormConfig {
        Checks.positive("batchNorm.eps", eps);
        Checks.inRange("batchNorm.momentum", momentum, 0.0, 1.0);
    }
}
