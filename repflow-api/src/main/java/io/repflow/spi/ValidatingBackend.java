package io.repflow.spi;

import io.repflow.api.FlowBlockConfig;
import io.repflow.api.FlowConfig;
import io.repflow.api.FusionConfig;
import java.util.Optional;
import java.util.Set;

/** The API edge: every module a backend returns is wrapped so its inputs are checked once. */
final class ValidatingBackend implements Backend {

    private final Backend delegate;
    private volatile boolean closed;

    ValidatingBackend(Backend delegate) {
        this.delegate = delegate;
    }

    /** Throws when the backend has been closed: its engine memory is gone. */
    void requireOpen(String operation) {
        if (closed) {
            throw new IllegalStateException("backend '" + id() + "' is closed; cannot " + operation);
        }
    }

    static Backend wrap(Backend backend) {
        return backend instanceof ValidatingBackend ? backend : new ValidatingBackend(backend);
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public String engineVersion() {
        return delegate.engineVersion();
    }

    @Override
    public Device device() {
        return delegate.device();
    }

    @Override
    public Set<Capability> capabilities() {
        return delegate.capabilities();
    }

    @Override
    public FlowLayer flowLayer(FlowConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("flow layer config is missing (null)");
        }
        requireOpen("create a flowLayer");
        require(Capability.INFERENCE, "flowLayer");
        return new ValidatingModule.ValidatingFlowLayer(delegate.flowLayer(config), this);
    }

    @Override
    public Fusion fusion(FusionConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("fusion config is missing (null)");
        }
        requireOpen("create a fusion");
        require(Capability.INFERENCE, "fusion");
        return new ValidatingModule.ValidatingFusion(delegate.fusion(config), this);
    }

    @Override
    public FlowBlock flowBlock(FlowBlockConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("flow block config is missing (null)");
        }
        requireOpen("create a flowBlock");
        require(Capability.INFERENCE, "flowBlock");
        return new ValidatingModule.ValidatingFlowBlock(delegate.flowBlock(config), this);
    }

    @Override
    public <T> Optional<T> extension(Class<T> type) {
        return delegate.extension(type);
    }

    /** The backend behind the wrapper, for modules that compile against engine internals. */
    Backend unwrap() {
        return delegate;
    }

    @Override
    public void close() {
        closed = true;
        delegate.close();
    }

    @Override
    public String toString() {
        return "Backend[" + id() + ", " + device() + "]";
    }
}
