package io.repflow.spi;

import io.repflow.api.FlowBlockConfig;
import io.repflow.api.FlowConfig;
import io.repflow.api.FusionConfig;
import java.util.Optional;
import java.util.Set;

/**
 * An opened engine on one device. Owns the native memory of every module it creates: closing the
 * backend closes them. Obtain one through {@link Backends}, which validates inputs at the API edge.
 */
public interface Backend extends AutoCloseable {

    /** The provider's id. */
    String id();

    /** Engine name and version as loaded, e.g. {@code PyTorch 2.7.1 (DJL 0.36.0)}. */
    String engineVersion();

    Device device();

    Set<Capability> capabilities();

    /** A flow layer with the configured initial parameters. */
    FlowLayer flowLayer(FlowConfig config);

    /** A fusion module; weights initialised from the backend's seed. */
    Fusion fusion(FusionConfig config);

    /** A rep-flow block or FcF; weights from {@link FlowBlockConfig#initialParameters} with the backend's seed. */
    FlowBlock flowBlock(FlowBlockConfig config);

    /**
     * A backend-specific service by type, e.g. a model compiler defined by another repflow module.
     * Empty when the backend has none.
     */
    default <T> Optional<T> extension(Class<T> type) {
        return Optional.empty();
    }

    /** Throws {@link UnsupportedCapabilityException} unless this backend declares {@code capability}. */
    default void require(Capability capability, String operation) {
        if (!capabilities().contains(capability)) {
            throw new UnsupportedCapabilityException(id(), capability, operation);
        }
    }

    /** Closes every module and releases the engine's memory; idempotent. */
    @Override
    void close();
}
