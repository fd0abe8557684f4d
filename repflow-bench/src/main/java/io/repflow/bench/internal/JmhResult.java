package io.repflow.bench.internal;

import java.util.Map;

/**
 * One row of a JMH JSON result file.
 *
 * @param method    the benchmark method's simple name, e.g. {@code forwardBackward}
 * @param params    the JMH parameters of the row
 * @param score     primary score (ms/op with the runner's settings)
 * @param error     its 99.9 % confidence half-width (NaN with too few samples)
 * @param secondary secondary results by name, e.g. {@code gc.alloc.rate.norm} (B/op), {@code rss.peak} (MiB)
 */
public record JmhResult(
        String method, Map<String, String> params, double score, double error, Map<String, Double> secondary) {

    public JmhResult {
        params = Map.copyOf(params);
        secondary = Map.copyOf(secondary);
    }

    public String param(String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalStateException(
                    "JMH result of " + method + " has no parameter '" + name + "'; has " + params.keySet());
        }
        return v;
    }

    /** A secondary result, NaN when absent. */
    public double secondary(String name) {
        return secondary.getOrDefault(name, Double.NaN);
    }
}
