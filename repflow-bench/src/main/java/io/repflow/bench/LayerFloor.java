package io.repflow.bench;

/**
 * A lower bound on a flow-layer call set by memory traffic alone: the fewest bytes a fused
 * implementation must move between memory and the cores, divided by the measured bandwidth. Counted
 * in float32 values per element of {@code F1 [N,C,H,W]} (one pixel of one channel of one pair):
 * <ul>
 *   <li>forward: read F1 and F2 (2); write the three per-pixel image terms Ix, Iy and rho_c = F2 - F1 (3);
 *       each iteration reads the six state values u1, u2, p11, p12, p21, p22 and the three image terms and
 *       writes the state back (6 + 3 + 6 = 15);</li>
 *   <li>forward+backward: the forward, then the gradient of u read (2); each reverse iteration reads the
 *       saved state (6), the image terms (3) and the state's adjoint (6), writes the adjoint (6) and adds into
 *       the image terms' adjoints (3 read, 3 written): 27; finally the image terms' adjoints and F2 read (4)
 *       and dF1, dF2 written (2). The forward's state writes are the saved states, so they cost nothing more.</li>
 * </ul>
 * Parameter gradients are per-channel sums that stay in registers. The two-tap stencils' neighbours come from
 * cache lines already read. Where a call's whole state fits in the caches (small points) the real bound is
 * lower than this one, which assumes every iteration streams from memory.
 */
public final class LayerFloor {

    /** Values per element read and written by one fused forward iteration. */
    static final int FORWARD_PER_ITERATION = 6 + 3 + 6;
    /** Values per element outside the forward iterations: F1, F2 in; Ix, Iy, rho_c out. */
    static final int FORWARD_ONCE = 2 + 3;
    /** Values per element read and written by one reverse iteration. */
    static final int REVERSE_PER_ITERATION = 6 + 3 + 6 + 6 + 3 + 3;
    /** Values per element outside the reverse iterations: dU in; image adjoints and F2 in; dF1, dF2 out. */
    static final int REVERSE_ONCE = 2 + 4 + 2;

    private LayerFloor() {}

    /** The fewest bytes an implementation of {@code op} at {@code p} moves. */
    public static long bytes(LayerPoint p, LayerOperation op) {
        long elements = (long) p.batch() * p.channels() * p.pixels();
        long values = FORWARD_ONCE + (long) FORWARD_PER_ITERATION * p.iterations();
        if (op == LayerOperation.FORWARD_BACKWARD) {
            values += REVERSE_ONCE + (long) REVERSE_PER_ITERATION * p.iterations();
        }
        return values * Float.BYTES * elements;
    }

    /** Milliseconds that moving {@link #bytes} takes at {@code bandwidth}. */
    public static double ms(LayerPoint p, LayerOperation op, MemoryBandwidth bandwidth) {
        return bytes(p, op) / (bandwidth.gbPerS() * 1e6);
    }
}
