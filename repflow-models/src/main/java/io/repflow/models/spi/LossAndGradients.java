package io.repflow.models.spi;

import io.repflow.api.HostTensor;
import java.util.Map;

/**
 * Loss and gradients of a batch without any update.
 *
 * @param loss      mean softmax cross-entropy over the batch
 * @param logits    {@code [B, K]}, TRAIN mode
 * @param gradients dL/dp for exactly the trainable parameters, by name, each of its parameter's shape
 */
public record LossAndGradients(double loss, HostTensor logits, Map<String, HostTensor> gradients) {

    public LossAndGradients {
        gradients = Map.copyOf(gradients);
    }

    /** L2 norm over all gradients, in double. */
    public double gradientNorm() {
        double sum = 0;
        for (HostTensor g : gradients.values()) {
            for (int i = 0; i < g.size(); i++) {
                double v = g.flat(i);
                sum += v * v;
            }
        }
        return Math.sqrt(sum);
    }
}
