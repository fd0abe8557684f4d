package io.repflow.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Deterministic parameter initialisation shared by all backends, so that a seed means the same
 * weights on every engine.
 */
public final class ParameterInit {

    private ParameterInit() {}

    /**
     * Values for every name in {@code shapes}: flow parameters ({@code prefix.key} where
     * {@code flowOf(prefix)} is a flow config) at their configured values; {@code *.running_var} and
     * batch-norm {@code *.weight} of rank 1 at 1; {@code *.bias} and {@code *.running_mean} at 0;
     * other weights He-normal with fan-in = product of all dimensions but the first. Each tensor
     * draws from its own generator seeded by {@code seed} and its name, so adding a parameter does
     * not change the others.
     */
    public static Map<String, HostTensor> initialise(
            Map<String, Shape> shapes, Function<String, FlowConfig> flowOf, long seed) {
        Map<String, HostTensor> values = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : shapes.entrySet()) {
            String name = e.getKey();
            Shape shape = e.getValue();
            int dot = name.indexOf('.');
            FlowConfig flow = dot > 0 ? flowOf.apply(name.substring(0, dot)) : null;
            if (flow != null) {
                values.put(name, FlowParameter.fromKey(name.substring(dot + 1)).initial(flow));
            } else if (name.endsWith(".running_var") || (name.endsWith(".weight") && shape.rank() == 1)) {
                values.put(name, HostTensor.full(1f, shape.dims()));
            } else if (name.endsWith(".bias") || name.endsWith(".running_mean")) {
                values.put(name, HostTensor.zeros(shape));
            } else {
                values.put(name, heNormal(shape, seed ^ name.hashCode() * 0x9E3779B97F4A7C15L));
            }
        }
        return Collections.unmodifiableMap(values);
    }

    /** He-normal: N(0, 2 / fanIn), fan-in = product of all dimensions but the first. */
    public static HostTensor heNormal(Shape shape, long seed) {
        int fanIn = shape.rank() <= 1 ? 1 : shape.size() / shape.dim(0);
        double std = Math.sqrt(2.0 / Math.max(1, fanIn));
        Random random = new Random(seed);
        float[] d = new float[shape.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (std * random.nextGaussian());
        }
        return HostTensor.wrap(d, shape);
    }
}
