package io.repflow.cli;

import io.repflow.spi.BackendConfig;
import io.repflow.spi.Device;
import java.util.Map;
import picocli.CommandLine.Option;

/** Which engine, where, how many threads and which seed: shared by the commands that compute. */
public final class BackendOptions {

    @Option(
            names = "--backend",
            paramLabel = "ID",
            description =
                    "Engine: djl, tf, nd4j or reference (default: -Drepflow.backend, then $REPFLOW_BACKEND, then the highest priority installed).")
    String backend;

    @Option(
            names = "--device",
            defaultValue = "cpu",
            paramLabel = "DEVICE",
            description = "cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(
            names = "--threads",
            defaultValue = "0",
            paramLabel = "N",
            description = "Engine threads, 0 for the backend's default (measured per engine; each backend's README).")
    int threads;

    @Option(
            names = "--seed",
            defaultValue = "42",
            paramLabel = "SEED",
            description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    long seed;

    /** The engine asked for, or null for the selection rule's choice. */
    public String backend() {
        return backend;
    }

    public String device() {
        return device;
    }

    public int threads() {
        return threads;
    }

    public long seed() {
        return seed;
    }

    /** The backend configuration these options give; a bad device or thread count is a {@link UsageException}. */
    public BackendConfig config() {
        Device d;
        try {
            d = Device.parse(device);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (threads < 0) {
            throw new UsageException("--threads " + threads + " is out of range; use 0 (engine default) or more");
        }
        return new BackendConfig(d, threads, seed, Map.of());
    }
}
