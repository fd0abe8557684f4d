package io.repflow.spi;

import java.util.Set;

/**
 * The entry point of a backend, found with {@link java.util.ServiceLoader}. Implementations must be
 * cheap: no native library loads before {@link #create}.
 */
public interface BackendProvider {

    /** Short unique id, e.g. {@code djl}, {@code tf}, {@code nd4j}. */
    String id();

    /**
     * Higher wins when no backend is named. Negative marks a yardstick rather than an engine (the float64
     * {@code reference}): tools that run "every installed engine", such as the benchmarks, leave it out
     * unless it is named or is all there is.
     */
    int priority();

    /** What the backend declares it can do; the TCK holds it to each. */
    Set<Capability> capabilities();

    /** One line for listings: engine and version. Must not load natives. */
    String description();

    /**
     * Loads the engine and opens a backend on {@code config.device()}.
     *
     * @throws UnsupportedCapabilityException when the device is not supported
     * @throws BackendLoadException           when the engine's native library cannot load
     */
    Backend create(BackendConfig config);
}
