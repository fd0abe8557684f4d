package io.repflow.bench.internal;

import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.Backends;
import io.repflow.spi.Device;
import java.util.LinkedHashMap;
import java.util.Map;

/** Opens the backend a benchmark JVM measures, with the run's thread count. */
public final class BenchBackends {

    /** System property carrying the run's intra-op thread count into the benchmark JVMs. */
    public static final String THREADS_PROPERTY = "repflow.bench.threads";

    /**
     * System property carrying backend options into the benchmark JVMs: {@code key=value[,key=value...]}, e.g.
     * {@code tf.xla=on} ({@code BenchMain --jvm-arg -Drepflow.bench.options=tf.xla=on}); backends ignore other keys.
     */
    public static final String OPTIONS_PROPERTY = "repflow.bench.options";

    /** The seed of every backend the benchmarks open (the TCK's default). */
    public static final long SEED = 42L;

    private BenchBackends() {}

    /** Opens {@code id} behind the API validator with {@link #threads()} intra-op threads and the options property. */
    public static Backend open(String id) {
        return Backends.load()
                .open(
                        id,
                        new BackendConfig(Device.CPU, threads(), SEED, options(System.getProperty(OPTIONS_PROPERTY))));
    }

    /** {@code key=value,...} as a map; null or blank is none. */
    public static Map<String, String> options(String value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null || value.isBlank()) {
            return out;
        }
        for (String entry : value.split(",")) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("system property " + OPTIONS_PROPERTY + " = '" + value + "': entry '"
                        + entry + "' is not key=value");
            }
            out.put(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
        }
        return out;
    }

    /** The run's thread count, 0 (engine default) when the property is absent. */
    public static int threads() {
        String value = System.getProperty(THREADS_PROPERTY);
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            int t = Integer.parseInt(value.strip());
            if (t < 0) {
                throw new NumberFormatException("negative");
            }
            return t;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "system property " + THREADS_PROPERTY + " = '" + value + "' must be a whole number >= 0", e);
        }
    }
}
