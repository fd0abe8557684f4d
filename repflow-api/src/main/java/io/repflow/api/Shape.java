package io.repflow.api;

import java.util.Arrays;

/**
 * The dimensions of a dense tensor, outermost first (C order). Prints as {@code [2, 32, 28, 28]} so
 * that shape errors show full shapes.
 */
public record Shape(int[] dims) {

    public Shape {
        dims = dims.clone();
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new IllegalArgumentException(
                        "shape " + Arrays.toString(dims) + " has a negative dimension at axis " + i);
            }
        }
        long size = 1;
        for (int d : dims) {
            size *= d;
            if (size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has more than "
                        + Integer.MAX_VALUE + " elements; a host tensor holds at most that many");
            }
        }
    }

    public static Shape of(int... dims) {
        return new Shape(dims);
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    public int rank() {
        return dims.length;
    }

    /** Dimension at {@code axis}; negative axes count from the end. */
    public int dim(int axis) {
        int a = axis < 0 ? dims.length + axis : axis;
        if (a < 0 || a >= dims.length) {
            throw new IndexOutOfBoundsException("axis " + axis + " out of range for shape " + this);
        }
        return dims[a];
    }

    /** Number of elements. */
    public int size() {
        int size = 1;
        for (int d : dims) {
            size *= d;
        }
        return size;
    }

    /** Row-major strides in elements. */
    public int[] strides() {
        int[] strides = new int[dims.length];
        int s = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= dims[i];
        }
        return strides;
    }

    /** Flat index of a full index tuple; checks every coordinate. */
    public int offset(int... index) {
        if (index.length != dims.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has rank " + index.length
                    + " but shape " + this + " has rank " + dims.length);
        }
        int off = 0;
        for (int i = 0; i < dims.length; i++) {
            if (index[i] < 0 || index[i] >= dims[i]) {
                throw new IndexOutOfBoundsException(
                        "index " + Arrays.toString(index) + " out of bounds for shape " + this);
            }
            off = off * dims[i] + index[i];
        }
        return off;
    }

    /** The index tuple of a flat offset (inverse of {@link #offset}). */
    public int[] index(int flat) {
        if (flat < 0 || flat >= size()) {
            throw new IndexOutOfBoundsException("flat index " + flat + " out of bounds for shape " + this);
        }
        int[] index = new int[dims.length];
        for (int i = dims.length - 1; i >= 0; i--) {
            index[i] = flat % dims[i];
            flat /= dims[i];
        }
        return index;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape other && Arrays.equals(dims, other.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
