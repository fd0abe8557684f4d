package io.repflow.models.spi;

import io.repflow.api.HostTensor;

/**
 * What one training step measured, before its update.
 *
 * @param loss         mean softmax cross-entropy over the batch
 * @param gradientNorm L2 norm of the loss gradient over all trainable parameters (before weight decay and momentum)
 * @param logits       {@code [B, K]} of the step's forward pass (TRAIN mode)
 */
public record StepResult(double loss, double gradientNorm, HostTensor logits) {

    /** True when both the loss and the gradient norm are finite. */
    public boolean isFinite() {
        return Double.isFinite(loss) && Double.isFinite(gradientNorm);
    }
}
