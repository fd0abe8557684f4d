package io.repflow.backend.djl.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Arrays whose memory libtorch owns. DJL's PyTorch engine turns Java data (a {@code float[]}, and the
 * {@code Number} of {@code x.mul(0.5f)}) into a tensor with {@code from_blob} over a direct buffer that
 * only the Java {@code NDArray} keeps alive. Autograd keeps some operands for the backward pass (the
 * other factor of a product, a divisor, an exponent, a mask); once the Java array is closed and the
 * buffer collected, backward reads freed memory and the gradients are garbage, at random. Every array
 * made from host data or a constant that can reach autograd therefore comes from here.
 */
public final class DjlOwnedArrays {

    private DjlOwnedArrays() {}

    /** A 0-d tensor of {@code value} with {@code like}'s type and device, allocated by libtorch. */
    public static NDArray scalar(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType());
    }

    /** A libtorch-owned copy of {@code data} in {@code manager}. */
    public static NDArray copyOf(NDManager manager, float[] data, Shape shape) {
        try (NDArray borrowed = manager.create(data, shape)) {
            return borrowed.duplicate();
        }
    }

    /** A libtorch-owned copy of {@code data} in {@code manager}. */
    public static NDArray copyOf(NDManager manager, int[] data, Shape shape) {
        try (NDArray borrowed = manager.create(data, shape)) {
            return borrowed.duplicate();
        }
    }
}
