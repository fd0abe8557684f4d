package io.repflow.spi;

import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A backend's differentiable module driven with host tensors: the surface the TCK checks on every
 * engine. Parameters are named as in the configs (e.g. {@code theta}, {@code flow.theta},
 * {@code bn.running_mean}). Holds engine memory until closed; its backend closes it too.
 */
public interface HostModule extends AutoCloseable {

    /** Every parameter and buffer with its shape, in a fixed order. */
    Map<String, Shape> parameterShapes();

    /** The names that are trained; gradients are returned for exactly these. */
    Set<String> trainableParameters();

    /** Current value of a parameter or buffer. */
    HostTensor parameter(String name);

    /** Replaces a parameter's or buffer's value; the shape must match. */
    void setParameter(String name, HostTensor value);

    /** Current values of all parameters and buffers, in {@link #parameterShapes()} order. */
    default Map<String, HostTensor> parameters() {
        Map<String, HostTensor> values = new LinkedHashMap<>();
        for (String name : parameterShapes().keySet()) {
            values.put(name, parameter(name));
        }
        return values;
    }

    /** Sets every entry of {@code values}. */
    default void setParameters(Map<String, HostTensor> values) {
        values.forEach(this::setParameter);
    }

    /** Output shape for these input shapes. */
    Shape outputShape(List<Shape> inputShapes);

    /**
     * Forward pass. In {@link Mode#TRAIN} batch norm uses batch statistics and updates its running
     * statistics; in {@link Mode#EVAL} it uses them and nothing changes.
     */
    HostTensor forward(Mode mode, List<HostTensor> inputs);

    /**
     * Forward and backward pass for the upstream gradient {@code gradOutput}. Pure: running
     * statistics are not updated.
     */
    Gradients backward(Mode mode, List<HostTensor> inputs, HostTensor gradOutput);

    /** Releases engine memory; idempotent. */
    @Override
    void close();
}
