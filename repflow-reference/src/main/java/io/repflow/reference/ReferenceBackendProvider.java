package io.repflow.reference;

import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.BackendProvider;
import io.repflow.spi.Capability;
import io.repflow.spi.Device;
import io.repflow.spi.UnsupportedCapabilityException;
import java.util.Set;

/**
 * The float64 reference as an installed backend, id {@code reference}, lowest priority: slow, exact,
 * CPU only. Useful as ground truth ({@code repflow flow --backend reference}) and to run the kit
 * on itself; never chosen unless named.
 */
public final class ReferenceBackendProvider implements BackendProvider {

    public static final String ID = "reference";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int priority() {
        return -100;
    }

    @Override
    public Set<Capability> capabilities() {
        return ReferenceBackend.capabilities0();
    }

    @Override
    public String description() {
        return "repflow float64 reference (plain Java, exact reverse pass; slow)";
    }

    @Override
    public Backend create(BackendConfig config) {
        if (config.device().kind() != Device.Kind.CPU) {
            throw UnsupportedCapabilityException.noGpu(ID, config.device(), "the float64 reference is plain Java");
        }
        return new ReferenceBackend(ID, config.seed());
    }
}
