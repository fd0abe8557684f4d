package io.repflow.bench.internal;

import io.repflow.models.spi.ModelCompiler;
import io.repflow.models.spi.ModelCompilers;
import io.repflow.spi.Backend;
import io.repflow.spi.BackendProvider;
import io.repflow.spi.Capability;
import io.repflow.spi.UnsupportedCapabilityException;
import java.util.Set;

/**
 * Which backends can run whole networks, and their model compilers. A backend qualifies by declaring
 * MODEL_COMPILER (and TRAINING for training steps); the float64 {@code reference} declares both like
 * any engine.
 */
public final class ModelEngines {

    private ModelEngines() {}

    /** Whether the end-to-end suite can run on this provider's backend. */
    public static boolean compilesModels(BackendProvider provider) {
        return provider.capabilities().contains(Capability.MODEL_COMPILER);
    }

    /** Whether the memory suite (training steps) can run on this provider's backend. */
    public static boolean trainsModels(BackendProvider provider) {
        Set<Capability> c = provider.capabilities();
        return c.contains(Capability.MODEL_COMPILER) && c.contains(Capability.TRAINING);
    }

    /** Why {@link #compilesModels} or {@link #trainsModels} is false. */
    public static String missing(BackendProvider provider, boolean training) {
        Set<Capability> c = provider.capabilities();
        if (!c.contains(Capability.MODEL_COMPILER)) {
            return "backend '" + provider.id() + "' does not declare MODEL_COMPILER yet";
        }
        return training && !c.contains(Capability.TRAINING)
                ? "backend '" + provider.id() + "' does not declare TRAINING"
                : "";
    }

    /** The validated model compiler of an opened backend. */
    public static ModelCompiler compiler(Backend backend) {
        if (backend.capabilities().contains(Capability.MODEL_COMPILER)) {
            return ModelCompilers.of(backend);
        }
        throw new UnsupportedCapabilityException(
                backend.id(), Capability.MODEL_COMPILER, "compile the paper's networks for the end-to-end benchmark");
    }
}
