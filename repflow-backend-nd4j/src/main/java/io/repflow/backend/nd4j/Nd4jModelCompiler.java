package io.repflow.backend.nd4j;

import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.spi.ModelCompiler;

/** Compiles repflow-models specs into SameDiff graphs owned by the backend (closing the backend closes them). */
final class Nd4jModelCompiler implements ModelCompiler {

    private final Nd4jBackend backend;

    Nd4jModelCompiler(Nd4jBackend backend) {
        this.backend = backend;
    }

    @Override
    public CompiledModel compile(ModelSpec spec, long seed) {
        return backend.register(new Nd4jCompiledModel(backend, spec, seed));
    }
}
