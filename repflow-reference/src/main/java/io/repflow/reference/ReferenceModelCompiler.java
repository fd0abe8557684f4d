package io.repflow.reference;

import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.spi.ModelCompiler;

/** Compiles specs into {@link ReferenceCompiledModel}s (float64, slow, exact). */
public final class ReferenceModelCompiler implements ModelCompiler {

    @Override
    public CompiledModel compile(ModelSpec spec, long seed) {
        return new ReferenceCompiledModel(spec, seed);
    }
}
