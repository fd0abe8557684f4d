package io.repflow.models.spi;

import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spec.ParameterGroup;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link ModelSpec} compiled by one backend: engine memory holding every parameter, buffer and
 * momentum buffer, driven with host tensors. Not thread-safe. Obtained from {@link ModelCompiler};
 * owned by its backend (closing the backend closes it) and closable on its own.
 *
 * <p>Names and shapes are those of {@link ModelSpec#parameters()}; values are float32.
 * Every stochastic choice (dropout masks) of {@link #trainStep} and {@link #gradients} comes from
 * their {@code seed}: the same state, batch and seed give the same result bit for bit on one
 * backend and device — that is what makes resuming from a checkpoint exact.
 */
public interface CompiledModel extends AutoCloseable {

    /** The spec this model was compiled from. */
    ModelSpec spec();

    /** Every parameter and buffer with its shape: {@code spec().parameterShapes()}. */
    default Map<String, Shape> parameterShapes() {
        return spec().parameterShapes();
    }

    /** Current value of a parameter or buffer. */
    HostTensor parameter(String name);

    /** Replaces a parameter's or buffer's value; the shape must match. Momentum buffers are not touched. */
    void setParameter(String name, HostTensor value);

    /** All parameters and buffers, in {@link #parameterShapes()} order (a checkpoint's weights). */
    default Map<String, HostTensor> parameters() {
        Map<String, HostTensor> values = new LinkedHashMap<>();
        for (String name : parameterShapes().keySet()) {
            values.put(name, parameter(name));
        }
        return values;
    }

    /** Sets every entry of {@code values} (any subset of the names). */
    default void setParameters(Map<String, HostTensor> values) {
        values.forEach(this::setParameter);
    }

    /**
     * Logits {@code [B, K]} for clips {@code [B, C, T, H, W]} (T, H, W and C those of
     * {@code spec().input()}, any B &ge; 1). EVAL: batch norm uses running statistics, dropout is the
     * identity, nothing changes. TRAIN: batch norm uses batch statistics and updates its running
     * statistics; dropout is active with masks from the backend's own generator.
     */
    HostTensor forward(Mode mode, HostTensor clips);

    /**
     * Loss and gradients of every trainable parameter for {@code batch} in TRAIN mode (batch
     * statistics, dropout masks from {@code seed}), without changing anything: parameters, running
     * statistics and momentum buffers stay as they were. The loss is the mean over the batch of
     * {@code -log softmax(logits)[label]}.
     *
     * @throws io.repflow.spi.UnsupportedCapabilityException when the backend does not declare TRAINING
     */
    LossAndGradients gradients(Batch batch, long seed);

    /**
     * One SGD step on {@code batch}, in TRAIN mode: a forward pass (updating running statistics
     * once), the loss {@code L} as in {@link #gradients}, its gradients {@code g}, then for every
     * trainable parameter {@code w} with learning rate {@code lr = step.learningRate(group(w))}:
     * <pre>
     *   d   = g + weightDecay * w
     *   buf = momentum * buf + d          (buf starts at 0, so the first step gives buf = d, as in PyTorch)
     *   w   = w - lr * buf
     * </pre>
     * Buffers and frozen flow parameters are not updated (running statistics only by the forward
     * pass). The returned gradient norm is {@code sqrt(sum of g^2)} over all trainable parameters,
     * before weight decay. When the loss or the norm is not finite the model's state afterwards is
     * unspecified; the training loop then stops and keeps its last good checkpoint.
     *
     * @param seed dropout masks of this step
     * @throws io.repflow.spi.UnsupportedCapabilityException when the backend does not declare TRAINING
     */
    StepResult trainStep(Batch batch, SgdStep step, long seed);

    /** The SGD momentum buffers, one per trainable parameter, same names and shapes (zeros before the first step). */
    Map<String, HostTensor> optimizerState();

    /** Replaces the momentum buffers; {@code state} holds exactly the trainable parameters' names. */
    void setOptimizerState(Map<String, HostTensor> state);

    /** The learning-rate group of a parameter, for reports. */
    default ParameterGroup group(String name) {
        return spec().group(name);
    }

    /** Releases engine memory; idempotent. */
    @Override
    void close();
}
