package io.repflow.backend.tf;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Small TensorFlow building blocks shared by the graphs (slices, pads, per-channel taps, element-wise
 * arithmetic) on tensors whose static shapes are known. Every op used here and in the classes built
 * on it ({@link TfFlowMath}, {@link TfBlockOps}, {@link TfFusionMath}, {@link TfSpecGraph}) has a
 * gradient registered in TensorFlow's C++ registry (the one {@code Graph.addGradients} uses); branch
 * masks are {@code stopGradient}-ed or are expressed with maximum/minimum, whose gradient follows the
 * selected side.
 */
final class TfGraphOps {

    final Ops tf;

    TfGraphOps(Ops tf) {
        this.tf = tf;
    }

    static long[] dims(Operand<TFloat32> x) {
        return x.shape().asArray();
    }

    Operand<TFloat32> c(float v) {
        return tf.constant(v);
    }

    /** {@code size} entries of {@code axis} from {@code begin}, everything of the other axes. */
    Operand<TFloat32> slice(Operand<TFloat32> x, int axis, long begin, long size) {
        // int32 indices: TensorFlow's C++ gradients of Slice and Pad build int32 shape arithmetic
        long[] d = dims(x);
        int[] b = new int[d.length];
        int[] s = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            s[i] = Math.toIntExact(d[i]);
        }
        b[axis] = Math.toIntExact(begin);
        s[axis] = Math.toIntExact(size);
        return tf.slice(x, tf.constant(b), tf.constant(s));
    }

    /** Zero padding of {@code before} and {@code after} entries along {@code axis}. */
    Operand<TFloat32> pad(Operand<TFloat32> x, int axis, int before, int after) {
        int rank = dims(x).length;
        int[][] p = new int[rank][2];
        p[axis][0] = before;
        p[axis][1] = after;
        return tf.pad(x, tf.constant(p), c(0f));
    }

    Operand<TFloat32> concat(int axis, List<Operand<TFloat32>> parts) {
        return parts.size() == 1 ? parts.get(0) : tf.concat(parts, tf.constant(axis));
    }

    Operand<TFloat32> reshape(Operand<TFloat32> x, long... shape) {
        int[] s = new int[shape.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.toIntExact(shape[i]);
        }
        return tf.reshape(x, tf.constant(s));
    }

    Operand<TFloat32> transpose(Operand<TFloat32> x, int... perm) {
        return tf.linalg.transpose(x, tf.constant(perm));
    }

    Operand<TFloat32> add(Operand<TFloat32> a, Operand<TFloat32> b) {
        return tf.math.add(a, b);
    }

    Operand<TFloat32> sub(Operand<TFloat32> a, Operand<TFloat32> b) {
        return tf.math.sub(a, b);
    }

    Operand<TFloat32> mul(Operand<TFloat32> a, Operand<TFloat32> b) {
        return tf.math.mul(a, b);
    }

    Operand<TFloat32> div(Operand<TFloat32> a, Operand<TFloat32> b) {
        return tf.math.div(a, b);
    }

    Operand<TFloat32> square(Operand<TFloat32> a) {
        return tf.math.square(a);
    }

    Operand<TFloat32> zeros(long... shape) {
        int[] s = new int[shape.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.toIntExact(shape[i]);
        }
        return tf.zeros(tf.constant(s), TFloat32.class);
    }

    /** Tap {@code k} of a per-channel kernel {@code [C, taps...]} as {@code [1, C, 1, 1]} (or rank 5 with {@code rank5}). */
    Operand<TFloat32> tap(Operand<TFloat32> kernel, int... index) {
        long[] d = dims(kernel);
        int[] begin = new int[d.length];
        int[] size = new int[d.length];
        size[0] = Math.toIntExact(d[0]);
        for (int i = 1; i < d.length; i++) {
            begin[i] = index[i - 1];
            size[i] = 1;
        }
        return reshape(tf.slice(kernel, tf.constant(begin), tf.constant(size)), 1, d[0], 1, 1);
    }

    Operand<TFloat32> relu(Operand<TFloat32> x) {
        return tf.nn.relu(x);
    }
}
