package io.repflow.models.spi;

import io.repflow.models.spec.ModelSpec;

/** Checks the spec before the engine sees it and wraps what it compiles. */
final class ValidatingModelCompiler implements ModelCompiler {

    private final ModelCompiler delegate;
    private final String backendId;
    private final boolean training;

    ValidatingModelCompiler(ModelCompiler delegate, String backendId, boolean training) {
        this.delegate = delegate;
        this.backendId = backendId;
        this.training = training;
    }

    @Override
    public CompiledModel compile(ModelSpec spec, long seed) {
        if (spec == null) {
            throw new IllegalArgumentException("model spec is missing (null)");
        }
        return new ValidatingCompiledModel(delegate.compile(spec, seed), backendId, training);
    }
}
