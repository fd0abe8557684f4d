package io.repflow.backend.tf;

import io.repflow.api.HostTensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Host tensors in and out of TensorFlow tensors (one copy each way). */
final class TfTensors {

    private TfTensors() {}

    static TFloat32 of(HostTensor t) {
        int[] d = t.dims();
        long[] shape = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            shape[i] = d[i];
        }
        return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(t.toArray(), true, false));
    }

    static HostTensor host(TFloat32 t) {
        long[] s = t.shape().asArray();
        int[] d = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            d[i] = Math.toIntExact(s[i]);
        }
        io.repflow.api.Shape shape = io.repflow.api.Shape.of(d);
        float[] out = new float[shape.size()];
        t.copyTo(DataBuffers.of(out, false, false));
        return HostTensor.wrap(out, shape);
    }

    static Shape shape(io.repflow.api.Shape s) {
        int[] d = s.dims();
        long[] shape = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            shape[i] = d[i];
        }
        return Shape.of(shape);
    }
}
