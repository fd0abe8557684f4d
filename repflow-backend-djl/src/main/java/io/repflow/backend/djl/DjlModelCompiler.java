package io.repflow.backend.djl;

import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.spi.ModelCompiler;

/** Compiles repflow-models specs into DJL operations owned by the backend (closing the backend closes them). */
final class DjlModelCompiler implements ModelCompiler {

    private final DjlBackend backend;

    DjlModelCompiler(DjlBackend backend) {
        this.backend = backend;
    }

    @Override
    public CompiledModel compile(ModelSpec spec, long seed) {
        return backend.register(new DjlCompiledModel(backend, spec, seed));
    }
}
