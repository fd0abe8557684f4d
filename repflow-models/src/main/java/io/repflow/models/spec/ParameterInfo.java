package io.repflow.models.spec;

import io.repflow.api.Shape;

/**
 * One named tensor of a model.
 *
 * @param name      full dot-joined name, e.g. {@code layer3.1.bn2.running_var}
 * @param shape     its shape
 * @param buffer    true for running statistics (saved and loaded, never trained, no gradient)
 * @param trainable true when it gets gradients and optimiser updates (not a buffer, not a frozen flow parameter)
 * @param group     its learning-rate group
 */
public record ParameterInfo(String name, Shape shape, boolean buffer, boolean trainable, ParameterGroup group) {}
