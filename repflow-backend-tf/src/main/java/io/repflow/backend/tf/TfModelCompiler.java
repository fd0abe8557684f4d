package io.repflow.backend.tf;

import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.spi.ModelCompiler;

/** Compiles repflow-models specs into TensorFlow graphs owned by the backend. */
final class TfModelCompiler implements ModelCompiler {

    private final TfBackend backend;

    TfModelCompiler(TfBackend backend) {
        this.backend = backend;
    }

    @Override
    public CompiledModel compile(ModelSpec spec, long seed) {
        return backend.register(new TfCompiledModel(backend, spec, seed));
    }
}
