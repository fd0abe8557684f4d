package io.repflow.spi;

import java.util.Map;

/**
 * How to open a backend.
 *
 * @param device  where to compute
 * @param threads intra-op threads, 0 for the backend's default (its README says which: measured per engine)
 * @param seed    seed for the engine's own random generators
 * @param options engine-specific settings, passed through unchanged
 */
public record BackendConfig(Device device, int threads, long seed, Map<String, String> options) {

    public static final BackendConfig DEFAULT = new BackendConfig(Device.CPU, 0, 42L, Map.of());

    public BackendConfig {
        if (device == null) {
            throw new IllegalArgumentException("backend device is missing");
        }
        if (threads < 0) {
            throw new IllegalArgumentException(
                    "threads = " + threads + " is out of range; must be >= 0 (0 = engine default)");
        }
        options = Map.copyOf(options == null ? Map.of() : options);
    }

    public BackendConfig withDevice(Device d) {
        return new BackendConfig(d, threads, seed, options);
    }

    public BackendConfig withThreads(int t) {
        return new BackendConfig(device, t, seed, options);
    }

    public BackendConfig withSeed(long s) {
        return new BackendConfig(device, threads, s, options);
    }
}
