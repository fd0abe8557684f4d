package io.repflow.backend.nd4j;

import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Small SameDiff building blocks shared by the graphs: slices, shifts, per-channel taps, masks. */
final class Nd4jGraphOps {

    private Nd4jGraphOps() {}

    /** {@code x[..., from:to, ...]} on {@code axis} of a rank-{@code rank} variable. */
    static SDVariable slice(SDVariable x, int rank, int axis, long from, long to) {
        SDIndex[] index = new SDIndex[rank];
        Arrays.fill(index, SDIndex.all());
        index[axis] = SDIndex.interval(from, to);
        return x.get(index);
    }

    /**
     * A rank-4 {@code x} shifted by one along {@code axis} (length {@code len}) with a zero fill:
     * {@code direction = 1} gives {@code out[j] = x[j+1]} (0 at the end), {@code -1} gives
     * {@code out[j] = x[j-1]} (0 at the start). {@code zeros} is x's shape with 1 on {@code axis}
     * (see {@link #edgeZeros}). Slice + concat rather than the pad op, which logs a warning per op
     * in 1.0.0-M2.1.
     */
    static SDVariable shift(SameDiff sd, SDVariable x, int axis, long len, int direction, SDVariable zeros) {
        return direction > 0
                ? sd.concat(axis, slice(x, 4, axis, 1, len), zeros)
                : sd.concat(axis, zeros, slice(x, 4, axis, 0, len - 1));
    }

    /** A zero constant of {@code shape} with length 1 on {@code axis}: the fill of {@link #shift}. */
    static SDVariable edgeZeros(SameDiff sd, long[] shape, int axis) {
        long[] edge = shape.clone();
        edge[axis] = 1;
        return sd.constant(Nd4j.zeros(DataType.FLOAT, edge));
    }

    /** A rank-4 {@code x} grown by one replicated border element at both ends of {@code axis} (length {@code len}). */
    static SDVariable replicatePad(SameDiff sd, SDVariable x, int axis, long len) {
        return sd.concat(axis, slice(x, 4, axis, 0, 1), x, slice(x, 4, axis, len - 1, len));
    }

    /** Column {@code i} of per-channel taps {@code [C,k]} as {@code [1,C,1,1]}. */
    static SDVariable tap(SameDiff sd, SDVariable taps, int i, long c) {
        return taps.get(SDIndex.all(), SDIndex.point(i)).reshape(1, c, 1, 1);
    }

    /** Entry {@code [a,b]} of per-channel kernels {@code [C,3,3]} as {@code [1,C,1,1]}. */
    static SDVariable tap(SameDiff sd, SDVariable kernels, int a, int b, long c) {
        return kernels.get(SDIndex.all(), SDIndex.point(a), SDIndex.point(b)).reshape(1, c, 1, 1);
    }

    /** Column {@code i} of per-channel taps {@code [C,k]}, repeated for both stacked flow components: {@code [1,2C,1,1]}. */
    static SDVariable stackedTap(SameDiff sd, SDVariable taps, int i, long c) {
        SDVariable t = tap(sd, taps, i, c);
        return sd.concat(1, t, t);
    }

    /** Ones with a 0 at the last position of {@code axis} (length {@code len}) of a rank-4 broadcast shape. */
    static SDVariable lastMask(SameDiff sd, int axis, long len) {
        long[] shape = {1, 1, 1, 1};
        shape[axis] = len;
        float[] m = new float[(int) len];
        Arrays.fill(m, 1f);
        m[m.length - 1] = 0f;
        return sd.constant(Nd4j.createFromArray(m).reshape(shape).castTo(DataType.FLOAT));
    }
}
