package io.repflow.inject;

import io.repflow.spi.BackendConfig;
import io.repflow.spi.Backends;
import io.repflow.spi.Device;

/**
 * Which backend {@link RepflowModule} opens and how: the value an application binds (or hands to the
 * module's constructor).
 *
 * @param backendId the provider's id ({@code djl}, {@code tf}, {@code nd4j}, {@code reference}, …), or
 *     null for {@link Backends#select(String) the selection rule's} choice ({@code -Drepflow.backend},
 *     then {@code $REPFLOW_BACKEND}, then the highest priority installed)
 * @param config device, threads, seed and engine options of the opened backend
 */
public record RepflowSettings(String backendId, BackendConfig config) {

    public RepflowSettings {
        if (backendId != null && backendId.isBlank()) {
            throw new IllegalArgumentException(
                    "backend id is blank; name a backend (djl, tf, nd4j, reference) or pass null");
        }
        if (config == null) {
            throw new IllegalArgumentException("backend config is missing (null); use BackendConfig.DEFAULT");
        }
    }

    /** The selection rule's backend on the CPU with the engine's default threads. */
    public static RepflowSettings selected() {
        return new RepflowSettings(null, BackendConfig.DEFAULT);
    }

    /** Backend {@code backendId} (null: the selection rule's) on {@code device} with {@code threads} (0: engine default). */
    public static RepflowSettings of(String backendId, Device device, int threads) {
        return new RepflowSettings(
                backendId, BackendConfig.DEFAULT.withDevice(device).withThreads(threads));
    }
}
