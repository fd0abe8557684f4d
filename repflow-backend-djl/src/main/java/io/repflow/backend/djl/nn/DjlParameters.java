package io.repflow.backend.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import io.repflow.api.HostTensor;
import io.repflow.backend.djl.internal.DjlOwnedArrays;

/** Helpers that turn repflow's parameter descriptions into DJL {@link Parameter}s. */
final class DjlParameters {

    private DjlParameters() {}

    static Shape shape(io.repflow.api.Shape shape) {
        long[] dims = new long[shape.rank()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.dim(i);
        }
        return new Shape(dims);
    }

    /** A parameter whose initial value is {@code initial} (e.g. the flow layer's configured values). */
    static Parameter fixed(String name, Parameter.Type type, HostTensor initial, boolean learnable) {
        return Parameter.builder()
                .setName(name)
                .setType(type)
                .optShape(shape(initial.shape()))
                .optInitializer(constant(initial))
                .optRequiresGrad(learnable)
                .build();
    }

    /** A parameter with DJL's default initialiser for its type (He-normal weights, zero bias, BN ones/zeros). */
    static Parameter typed(String name, Parameter.Type type, io.repflow.api.Shape shape, boolean learnable) {
        return Parameter.builder()
                .setName(name)
                .setType(type)
                .optShape(shape(shape))
                .optRequiresGrad(learnable)
                .build();
    }

    static Initializer constant(HostTensor value) {
        float[] data = value.toArray();
        return (NDManager manager, Shape shape, DataType dataType) ->
                DjlOwnedArrays.copyOf(manager, data, shape).toType(dataType, false);
    }

    static NDArray value(ParameterStore store, Parameter parameter, NDArray like, boolean training) {
        return store.getValue(parameter, like.getDevice(), training);
    }
}
