package io.repflow.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.repflow.api.HostTensor;
import io.repflow.backend.djl.internal.DjlOwnedArrays;

/** Copies between repflow's host tensors and DJL arrays (float32, C order on both sides). */
final class DjlTensors {

    private DjlTensors() {}

    static Shape shape(io.repflow.api.Shape shape) {
        long[] dims = new long[shape.rank()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.dim(i);
        }
        return new Shape(dims);
    }

    static io.repflow.api.Shape shape(Shape shape) {
        int[] dims = new int[shape.dimension()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = Math.toIntExact(shape.get(i));
        }
        return io.repflow.api.Shape.of(dims);
    }

    static NDArray toNd(NDManager manager, HostTensor tensor) {
        return DjlOwnedArrays.copyOf(manager, tensor.toArray(), shape(tensor.shape()));
    }

    static HostTensor toHost(NDArray array) {
        NDArray f = array.getDataType() == DataType.FLOAT32 ? array : array.toType(DataType.FLOAT32, false);
        return HostTensor.wrap(f.toFloatArray(), shape(array.getShape()));
    }
}
