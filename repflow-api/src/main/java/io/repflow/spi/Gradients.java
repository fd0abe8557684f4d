package io.repflow.spi;

import io.repflow.api.HostTensor;
import java.util.List;
import java.util.Map;

/**
 * Result of a backward pass.
 *
 * @param inputs     dL/d(input) for each input, in input order
 * @param parameters dL/d(parameter) for each trainable parameter, by name
 */
public record Gradients(List<HostTensor> inputs, Map<String, HostTensor> parameters) {

    public Gradients {
        inputs = List.copyOf(inputs);
        parameters = Map.copyOf(parameters);
    }

    public HostTensor input(int i) {
        return inputs.get(i);
    }

    public HostTensor parameter(String name) {
        HostTensor g = parameters.get(name);
        if (g == null) {
            throw new IllegalArgumentException("no gradient for parameter '" + name + "'; have " + parameters.keySet());
        }
        return g;
    }
}
