package io.repflow.tck;

import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.spi.ModelCompiler;
import io.repflow.models.spi.ModelCompilers;
import io.repflow.spi.Capability;

/** Base of the model contracts: the backend's compiler behind the models module's validation. */
public abstract class ModelContract extends BackendContract {

    protected ModelContract(String backendId) {
        super(backendId);
    }

    /** Skips unless MODEL_COMPILER is declared; a declared compiler must be reachable. */
    protected final ModelCompiler compiler() {
        optional(Capability.MODEL_COMPILER, "model compilation");
        return ModelCompilers.of(backend());
    }

    protected final CompiledModel compile(ModelSpec spec, long seed) {
        return compiler().compile(spec, seed);
    }
}
