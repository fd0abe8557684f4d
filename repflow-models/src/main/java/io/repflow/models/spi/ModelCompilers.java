package io.repflow.models.spi;

import io.repflow.spi.Backend;
import io.repflow.spi.Capability;
import io.repflow.spi.UnsupportedCapabilityException;

/** Where users get a backend's {@link ModelCompiler}: behind the same input validation as the rest of the API. */
public final class ModelCompilers {

    private ModelCompilers() {}

    /**
     * The backend's model compiler, wrapped so every input is checked once before it reaches the
     * engine.
     *
     * @throws UnsupportedCapabilityException when the backend does not declare MODEL_COMPILER or offers no compiler
     */
    public static ModelCompiler of(Backend backend) {
        if (backend == null) {
            throw new IllegalArgumentException("backend is missing (null)");
        }
        if (!backend.capabilities().contains(Capability.MODEL_COMPILER)) {
            throw new UnsupportedCapabilityException(backend.id(), Capability.MODEL_COMPILER, "compile a model spec");
        }
        ModelCompiler compiler = backend.extension(ModelCompiler.class)
                .orElseThrow(() -> new UnsupportedCapabilityException(
                        backend.id(),
                        Capability.MODEL_COMPILER,
                        "compile a model spec (declared, but Backend.extension(ModelCompiler.class) is empty)"));
        return wrap(compiler, backend.id(), backend.capabilities().contains(Capability.TRAINING));
    }

    /** Wraps {@code compiler} in the input validation (for tests and for backends' own use). */
    public static ModelCompiler wrap(ModelCompiler compiler, String backendId, boolean training) {
        if (compiler instanceof ValidatingModelCompiler) {
            return compiler;
        }
        return new ValidatingModelCompiler(compiler, backendId, training);
    }
}
