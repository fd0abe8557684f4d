package io.repflow.models.spi;

import io.repflow.models.spec.ModelSpec;

/**
 * Compiles a {@link ModelSpec} into a backend's own graph. A backend that declares
 * {@code Capability.MODEL_COMPILER} returns one from {@code Backend.extension(ModelCompiler.class)};
 * users obtain it through {@link ModelCompilers#of}, which validates every input first, so an
 * implementation receives only valid specs, shapes, names and labels.
 */
public interface ModelCompiler {

    /**
     * Builds the model with every parameter and buffer set to {@code spec.initialParameters(seed)}
     * and every momentum buffer at 0. The model belongs to the backend: closing the backend closes it.
     */
    CompiledModel compile(ModelSpec spec, long seed);
}
