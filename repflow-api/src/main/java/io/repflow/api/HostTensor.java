package io.repflow.api;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * A dense, immutable float32 tensor in host memory (C order): the interchange type between the
 * API, the backends, the reference and files. It holds no native memory.
 */
public final class HostTensor {

    private final Shape shape;
    private final float[] data;

    private HostTensor(Shape shape, float[] data) {
        if (shape.size() != data.length) {
            throw new IllegalArgumentException(
                    "shape " + shape + " needs " + shape.size() + " values but " + data.length + " were given");
        }
        this.shape = shape;
        this.data = data;
    }

    /** A tensor holding a copy of {@code data}. */
    public static HostTensor of(float[] data, int... shape) {
        return new HostTensor(Shape.of(shape), data.clone());
    }

    /** A tensor holding a copy of {@code data}. */
    public static HostTensor of(float[] data, Shape shape) {
        return new HostTensor(shape, data.clone());
    }

    /**
     * A tensor that takes ownership of {@code data} without copying; the caller must not change
     * the array afterwards. For backends and readers that have just filled a fresh array.
     */
    public static HostTensor wrap(float[] data, Shape shape) {
        return new HostTensor(shape, data);
    }

    /** Rounds each double to float32. */
    public static HostTensor ofDoubles(double[] data, Shape shape) {
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return new HostTensor(shape, f);
    }

    public static HostTensor zeros(int... shape) {
        Shape s = Shape.of(shape);
        return new HostTensor(s, new float[s.size()]);
    }

    public static HostTensor zeros(Shape shape) {
        return new HostTensor(shape, new float[shape.size()]);
    }

    public static HostTensor full(float value, int... shape) {
        Shape s = Shape.of(shape);
        float[] d = new float[s.size()];
        Arrays.fill(d, value);
        return new HostTensor(s, d);
    }

    public static HostTensor scalar(float value) {
        return new HostTensor(Shape.of(1), new float[] {value});
    }

    /** Uniform values on [low, high) from a seeded generator. */
    public static HostTensor uniform(long seed, float low, float high, int... shape) {
        Random random = new Random(seed);
        Shape s = Shape.of(shape);
        float[] d = new float[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = low + (high - low) * random.nextFloat();
        }
        return new HostTensor(s, d);
    }

    /** Normal values with the given standard deviation from a seeded generator. */
    public static HostTensor normal(long seed, float std, int... shape) {
        Random random = new Random(seed);
        Shape s = Shape.of(shape);
        float[] d = new float[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (std * random.nextGaussian());
        }
        return new HostTensor(s, d);
    }

    public Shape shape() {
        return shape;
    }

    public int[] dims() {
        return shape.dims();
    }

    public int rank() {
        return shape.rank();
    }

    public int dim(int axis) {
        return shape.dim(axis);
    }

    public int size() {
        return data.length;
    }

    public float get(int... index) {
        return data[shape.offset(index)];
    }

    /** Value at a flat (row-major) offset. */
    public float flat(int offset) {
        return data[offset];
    }

    /** A copy of the values. */
    public float[] toArray() {
        return data.clone();
    }

    /** The values widened to double. */
    public double[] toDoubleArray() {
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i];
        }
        return d;
    }

    /** A read-only view of the values, for copying into native memory without an extra array. */
    public FloatBuffer buffer() {
        return FloatBuffer.wrap(data).asReadOnlyBuffer();
    }

    /** Copies the values into {@code target} starting at {@code offset}. */
    public void copyTo(float[] target, int offset) {
        System.arraycopy(data, 0, target, offset, data.length);
    }

    /** The same values seen with another shape of equal size. */
    public HostTensor reshape(int... newShape) {
        Shape s = Shape.of(newShape);
        if (s.size() != data.length) {
            throw new IllegalArgumentException(
                    "cannot reshape " + shape + " (" + data.length + " values) to " + s + " (" + s.size() + " values)");
        }
        return new HostTensor(s, data);
    }

    /** The first scalar value; for parameters of shape [1]. */
    public float item() {
        if (data.length != 1) {
            throw new IllegalStateException("item() needs exactly one value, shape is " + shape);
        }
        return data[0];
    }

    /** Index of the first NaN or infinite value, or -1 when all are finite. */
    public int firstNonFinite() {
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Throws when a value is NaN or infinite, naming {@code what}, the index and the value.
     *
     * @return this tensor
     */
    public HostTensor requireFinite(String what) {
        int bad = firstNonFinite();
        if (bad >= 0) {
            throw new IllegalArgumentException(what + " " + shape + " holds " + data[bad] + " at index "
                    + Arrays.toString(shape.index(bad)) + "; values must be finite");
        }
        return this;
    }

    /** Throws unless this tensor has exactly {@code expected}'s shape, naming {@code what}. */
    public HostTensor requireShape(String what, Shape expected) {
        if (!shape.equals(expected)) {
            throw new IllegalArgumentException(what + " has shape " + shape + " but " + expected + " was expected");
        }
        return this;
    }

    /** Largest absolute value, 0 for an empty tensor. */
    public float maxAbs() {
        float m = 0;
        for (float v : data) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** Reads a {@code .npy} file (float32 or float64, either byte order, C order). */
    public static HostTensor readNpy(Path file) throws IOException {
        return Npy.read(file);
    }

    /** Writes a little-endian float32 {@code .npy} file atomically (temp file, then rename). */
    public void writeNpy(Path file) throws IOException {
        Npy.write(this, file);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostTensor other && shape.equals(other.shape) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * shape.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("HostTensor").append(shape).append(" [");
        int n = Math.min(data.length, 8);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append(data[i]);
        }
        return sb.append(data.length > n ? ", …]" : "]").toString();
    }
}
