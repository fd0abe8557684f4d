package io.repflow.inject;

import io.repflow.spi.Backend;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The backend an injector opened, if it opened one. {@link RepflowModule} opens the backend on first
 * use and records it here; whoever created the injector owns it and closes it through this object
 * ({@code injector.getInstance(OpenedBackend.class).close()}), which closes nothing if no backend was
 * ever asked for.
 */
public final class OpenedBackend implements AutoCloseable {

    private final AtomicReference<Backend> opened = new AtomicReference<>();

    OpenedBackend() {}

    Backend hold(Backend backend) {
        if (!opened.compareAndSet(null, backend)) {
            backend.close();
            throw new IllegalStateException("an injector opens one backend; "
                    + opened.get().id() + " is already open (bind Backend as a singleton)");
        }
        return backend;
    }

    /** The opened backend, empty when none was asked for yet (or it was closed here). */
    public Optional<Backend> backend() {
        return Optional.ofNullable(opened.get());
    }

    /** Closes the opened backend and every module it made; idempotent. */
    @Override
    public void close() {
        Backend b = opened.getAndSet(null);
        if (b != null) {
            b.close();
        }
    }
}
