package io.repflow.tck;

import io.repflow.api.Shape;
import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.BackendProvider;
import io.repflow.spi.Backends;
import io.repflow.spi.Capability;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of every contract: finds the backend by id through {@link Backends} (so discovery is part of
 * every run), opens it once per test class behind the API's validation, and closes it after.
 * Required checks never skip; optional ones skip only when the backend does not declare the
 * capability they need, and say so (design rules 7.1–7.2).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendContract {

    /**
     * Tag of the checks that hold a property at full size (the flow layer's gradients at layer scale) or train for
     * minutes (convergence); {@code repflow tck --quick} leaves them out and runs every other check, the same
     * properties at test size.
     */
    public static final String FULL_SIZE = "full-size";

    private final String backendId;
    private Backend backend;
    private BackendProvider provider;

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

    /** The backend on CPU with the default config (seed {@link BackendConfig#DEFAULT}), behind the API's validation. */
    protected final synchronized Backend backend() {
        if (backend == null) {
            backend = Backends.open(provider(), BackendConfig.DEFAULT);
        }
        return backend;
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

    private String getContractName() {
        Class<?> c = getClass();
        while (c.getSuperclass() != null && c.getSuperclass() != BackendContract.class) {
            c = c.getSuperclass();
        }
        return c.getSimpleName();
    }
}
