package io.repflow.api;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Naming rules shared by the block configs. */
final class BlockParameters {

    private BlockParameters() {}

    static void batchNorm(Map<String, Shape> shapes, String prefix, int channels) {
        shapes.put(prefix + ".weight", Shape.of(channels));
        shapes.put(prefix + ".bias", Shape.of(channels));
        shapes.put(prefix + ".running_mean", Shape.of(channels));
        shapes.put(prefix + ".running_var", Shape.of(channels));
    }

    static boolean isBuffer(String name) {
        return name.endsWith(".running_mean") || name.endsWith(".running_var");
    }

    static Set<String> trainable(Iterable<String> names, Function<String, FlowConfig> flowOf) {
        Set<String> out = new LinkedHashSet<>();
        for (String name : names) {
            if (isBuffer(name)) {
                continue;
            }
            int dot = name.indexOf('.');
            FlowConfig flow = dot > 0 ? flowOf.apply(name.substring(0, dot)) : null;
            if (flow != null && !flow.learns(FlowParameter.fromKey(name.substring(dot + 1)))) {
                continue;
            }
            out.add(name);
        }
        return Collections.unmodifiableSet(out);
    }
}
