package io.repflow.tck;

import io.repflow.api.Shape;
import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.BackendProvider;
import io.repflow.spi.Backends;
import io.repflow.spi.Capability;
import io.repflow.spi.Device;
import io.repflow.spi.DeviceUnavailableException;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;

/**
 * Base of every contract: finds the backend by id through {@link Backends} (so discovery is part of
 * every run), opens it once per test class behind the API's validation on the kit's device, and closes
 * it after. Required checks never skip; optional ones skip only when the backend does not declare the
 * capability they need, and say so (design rules 7.1–7.2).
 *
 * <p>The kit's device is the configuration parameter {@value #DEVICE_PARAMETER} ({@code cpu}, {@code gpu},
 * {@code gpu:N}; JUnit reads it from the launcher request or a system property, e.g.
 * {@code -Drepflow.tck.device=gpu:0}), {@code cpu} when unset. On a GPU device every contract opens its
 * backend there; a backend whose natives cannot use a GPU, or that sees no such device on this machine,
 * has its checks skipped with that reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(BackendContract.KitDevice.class)
public abstract class BackendContract {

    /**
     * Tag of the checks that hold a property at full size (the flow layer's gradients at layer scale) or train for
     * minutes (convergence); {@code repflow tck --quick} leaves them out and runs every other check, the same
     * properties at test size.
     */
    public static final String FULL_SIZE = "full-size";

    /** The configuration parameter (or system property) naming the device the kit runs on. */
    public static final String DEVICE_PARAMETER = "repflow.tck.device";

    /**
     * The configuration parameter (or system property) giving the engine threads of every backend the kit opens
     * ({@link BackendConfig#threads()}); 0 or unset keeps each engine's default. {@code repflow tck} shares the
     * machine's cores among the backends it runs at once this way.
     */
    public static final String THREADS_PARAMETER = "repflow.tck.threads";

    private final String backendId;
    private Backend backend;
    private BackendProvider provider;
    private Device device = Device.CPU;
    private int threads;

    protected BackendContract(String backendId) {
        this.backendId = Objects.requireNonNull(backendId, "backend id");
    }

    protected final String backendId() {
        return backendId;
    }

    /** The provider with this contract's id, found with ServiceLoader. */
    protected final synchronized BackendProvider provider() {
        if (provider == null) {
            Backends registry = Backends.load();
            provider = registry.find(backendId)
                    .orElseThrow(() -> new AssertionError("no backend provider with id '" + backendId
                            + "' was found by ServiceLoader; installed: " + registry.listing()));
        }
        return provider;
    }

    /** The device the kit runs on ({@value #DEVICE_PARAMETER}). */
    protected final Device device() {
        return device;
    }

    /**
     * The backend on the kit's device with the default config (seed {@link BackendConfig#DEFAULT}), behind
     * the API's validation.
     */
    protected final synchronized Backend backend() {
        if (backend == null) {
            backend = open(BackendConfig.DEFAULT.withDevice(device));
        }
        return backend;
    }

    /**
     * Opens another backend of this contract's id with {@code config} (with the kit's threads when it sets none).
     * On a GPU the backend cannot use here
     * (natives without GPU support, or no such device on this machine) the calling check skips with the
     * backend's own reason; every other failure to open fails the check.
     */
    protected final Backend open(BackendConfig asked) {
        BackendConfig config = asked.threads() == 0 ? asked.withThreads(threads) : asked;
        Device d = config.device();
        if (d.kind() == Device.Kind.GPU) {
            Assumptions.assumeTrue(
                    provider().capabilities().contains(Capability.GPU),
                    () -> "backend '" + backendId + "' does not declare " + Capability.GPU
                            + " (its natives cannot use one; available: cpu), so the kit does not run on " + d);
            try {
                return Backends.open(provider(), config);
            } catch (DeviceUnavailableException e) {
                return Assumptions.abort("not run on " + d + " here: " + e.getMessage());
            }
        }
        return Backends.open(provider(), config);
    }

    @AfterAll
    final synchronized void closeBackend() {
        if (backend != null) {
            backend.close();
            backend = null;
        }
    }

    /** Skips the calling check unless the backend declares {@code capability}; a declared capability is held to. */
    protected final void optional(Capability capability, String what) {
        Assumptions.assumeTrue(
                provider().capabilities().contains(capability),
                () -> "backend '" + backendId + "' does not declare " + capability + ", so " + what
                        + " is not checked");
    }

    protected final Subject subject(String check, Shape shape, long seed, String detail) {
        return new Subject(backendId, getContractName() + "." + check, shape, seed, detail);
    }

    /** Reads the kit's device and threads from JUnit's configuration into each contract instance. */
    static final class KitDevice implements TestInstancePostProcessor {
        @Override
        public void postProcessTestInstance(Object instance, ExtensionContext context) {
            if (instance instanceof BackendContract contract) {
                contract.device = context.getConfigurationParameter(DEVICE_PARAMETER)
                        .map(Device::parse)
                        .orElse(Device.CPU);
                contract.threads = context.getConfigurationParameter(THREADS_PARAMETER)
                        .map(Integer::parseInt)
                        .orElse(0);
            }
        }
    }

    private String getContractName() {
        Class<?> c = getClass();
        while (c.getSuperclass() != null && c.getSuperclass() != BackendContract.class) {
            c = c.getSuperclass();
        }
        return c.getSimpleName();
    }
}
