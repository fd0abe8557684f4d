package io.repflow.backend.djl;

import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.BackendProvider;
import io.repflow.spi.Capability;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The DJL + PyTorch backend ({@code djl}). Cheap: nothing native loads before {@link #create}; the
 * GPU capability is declared only when a CUDA libtorch jar is on the class path (the {@code gpu}
 * Maven profile).
 */
public final class DjlBackendProvider implements BackendProvider {

    /** The backend's id. */
    public static final String ID = "djl";

    /** The default engine of repflow (design rule 6.2: the highest priority is the default; the embedded default runs on DJL CPU). */
    static final int PRIORITY = 100;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Set<Capability> capabilities() {
        EnumSet<Capability> caps =
                EnumSet.of(Capability.INFERENCE, Capability.GRADIENTS, Capability.MODEL_COMPILER, Capability.TRAINING);
        if (DjlNatives.onClassPath().cuda()) {
            caps.add(Capability.GPU);
        }
        return Collections.unmodifiableSet(caps);
    }

    @Override
    public String description() {
        return "DJL " + DjlBackend.DJL_VERSION + " with " + DjlNatives.onClassPath();
    }

    @Override
    public Backend create(BackendConfig config) {
        return DjlBackend.open(config, capabilities());
    }

    @Override
    public String toString() {
        return "DjlBackendProvider[" + ID + "]";
    }
}
