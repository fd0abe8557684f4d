package io.repflow.reference;

import io.repflow.api.HostTensor;
import io.repflow.api.Shape;
import java.util.Arrays;

/** A dense float64 tensor (C order) for the reference computations. Mutable; owned by its creator. */
public final class DoubleTensor {

    private final Shape shape;
    final double[] data;

    public DoubleTensor(Shape shape) {
        this(shape, new double[shape.size()]);
    }

    public DoubleTensor(Shape shape, double[] data) {
        if (shape.size() != data.length) {
            throw new IllegalArgumentException(
                    "shape " + shape + " needs " + shape.size() + " values, got " + data.length);
        }
        this.shape = shape;
        this.data = data;
    }

    public static DoubleTensor of(HostTensor t) {
        return new DoubleTensor(t.shape(), t.toDoubleArray());
    }

    public static DoubleTensor zerosLike(DoubleTensor t) {
        return new DoubleTensor(t.shape);
    }

    public Shape shape() {
        return shape;
    }

    public int dim(int axis) {
        return shape.dim(axis);
    }

    public int size() {
        return data.length;
    }

    public double get(int flat) {
        return data[flat];
    }

    public void set(int flat, double v) {
        data[flat] = v;
    }

    /** The backing array (no copy). */
    public double[] data() {
        return data;
    }

    public DoubleTensor copy() {
        return new DoubleTensor(shape, data.clone());
    }

    public DoubleTensor reshape(int... dims) {
        return new DoubleTensor(Shape.of(dims), data);
    }

    public HostTensor toHost() {
        return HostTensor.ofDoubles(data, shape);
    }

    /** this += other (same shape). */
    public void addInPlace(DoubleTensor other) {
        if (!shape.equals(other.shape)) {
            throw new IllegalArgumentException("cannot add " + other.shape + " to " + shape);
        }
        for (int i = 0; i < data.length; i++) {
            data[i] += other.data[i];
        }
    }

    /** Sum of the element-wise product with {@code other}. */
    public double dot(DoubleTensor other) {
        double s = 0;
        for (int i = 0; i < data.length; i++) {
            s += data[i] * other.data[i];
        }
        return s;
    }

    @Override
    public String toString() {
        return "DoubleTensor" + shape + " " + Arrays.toString(Arrays.copyOf(data, Math.min(6, data.length)));
    }
}
