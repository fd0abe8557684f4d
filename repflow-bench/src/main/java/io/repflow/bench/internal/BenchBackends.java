package io.repflow.bench.internal;

import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.Backends;

/** Opens the backend a benchmark JVM measures, with the run's thread count. */
public final class BenchBackends {

    /** System property carrying the run's intra-op thread count into the benchmark JVMs. */
    public static final String THREADS_PROPERTY = "repflow.bench.threads";

    /** The seed of every backend the benchmarks open (the TCK's default). */
    public static final long SEED = 42L;

    private BenchBackends() {}

    /** Opens {@code id} behind the API validator with {@link #threads()} intra-op threads. */
    public static Backend open(String id) {
        return Backends.load().open(id, BackendConfig.DEFAULT.withSeed(SEED).withThreads(threads()));
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
