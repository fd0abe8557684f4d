package io.repflow.backend.nd4j;

import io.repflow.api.HostTensor;
import io.repflow.api.Shape;
import java.nio.FloatBuffer;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Copies between host tensors and ND4J arrays (float32, C order), and releases arrays early. */
final class Nd4jTensors {

    private Nd4jTensors() {}

    /** A new native array holding the values of {@code t}; the caller owns it. */
    static INDArray toNative(HostTensor t) {
        INDArray a = Nd4j.create(DataType.FLOAT, longs(t.dims()), 'c');
        a.data().asNioFloat().put(t.buffer());
        return a;
    }

    /** Writes the values of {@code t} into the existing array {@code target} of the same size. */
    static void copyInto(HostTensor t, INDArray target) {
        if (isPlain(target)) {
            FloatBuffer b = target.data().asNioFloat();
            b.put(t.buffer());
        } else {
            try (INDArray tmp = toNative(t)) {
                target.assign(tmp.reshape(target.shape()));
            }
        }
    }

    /** The values of {@code a} as a host tensor of shape {@code shape} (same element count). */
    static HostTensor toHost(INDArray a, Shape shape) {
        if (a.length() != shape.size()) {
            throw new IllegalStateException(
                    "array of shape " + java.util.Arrays.toString(a.shape()) + " cannot become " + shape);
        }
        if (isPlain(a)) {
            float[] d = new float[shape.size()];
            a.data().asNioFloat().get(d);
            return HostTensor.wrap(d, shape);
        }
        try (INDArray c = a.dataType() == DataType.FLOAT
                ? a.dup('c')
                : a.castTo(DataType.FLOAT).dup('c')) {
            return toHost(c, shape);
        }
    }

    /** The values of {@code a} with its own shape. */
    static HostTensor toHost(INDArray a) {
        long[] s = a.shape();
        int[] dims = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            dims[i] = Math.toIntExact(s[i]);
        }
        return toHost(a, Shape.of(dims));
    }

    /** Frees the native memory of {@code a} now rather than at garbage collection, where ND4J allows it. */
    static void release(INDArray a) {
        if (a != null && a.closeable()) {
            a.close();
        }
    }

    /** Frees the native memory of every array. */
    static void releaseAll(Collection<INDArray> arrays) {
        arrays.forEach(Nd4jTensors::release);
    }

    /** Declares each value in {@code sd} under its name: a variable where {@code trainable} names it, else a constant. */
    static void declare(SameDiff sd, Map<String, HostTensor> values, Set<String> trainable) {
        values.forEach((name, value) -> {
            if (trainable.contains(name)) {
                sd.var(name, toNative(value));
            } else {
                sd.constant(name, toNative(value));
            }
        });
    }

    /**
     * Copies into {@code sd} every value whose revision differs from the one recorded in {@code synced}
     * (the revisions the graph holds), and records the new ones.
     */
    static void syncChanged(
            SameDiff sd, Map<String, HostTensor> values, Map<String, Long> revisions, Map<String, Long> synced) {
        values.forEach((name, value) -> {
            Long revision = revisions.get(name);
            if (!revision.equals(synced.get(name))) {
                copyInto(value, sd.getArrForVarName(name));
                synced.put(name, revision);
            }
        });
    }

    static long[] longs(int[] dims) {
        long[] l = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            l[i] = dims[i];
        }
        return l;
    }

    /** Float32, C order, not a view and starting at the buffer's first element: its buffer is its values. */
    private static boolean isPlain(INDArray a) {
        return a.dataType() == DataType.FLOAT
                && a.ordering() == 'c'
                && !a.isView()
                && a.offset() == 0
                && a.data().length() == a.length();
    }
}
