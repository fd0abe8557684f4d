package io.repflow.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.repflow.bench.jmh.StreamTriadBenchmark;
import org.junit.jupiter.api.Test;

/** The floor's byte count against a count made by hand, and the triad's arithmetic. */
class LayerFloorTest {

    @Test
    void forwardBytesEqualAHandCount() {
        // 1 pair, 1 channel, 3x3 pixels, 2 iterations: 9 elements of 4 bytes.
        // F1, F2 read (2); Ix, Iy, rho_c written (3); per iteration u1 u2 p11 p12 p21 p22 read (6),
        // Ix Iy rho_c read (3), the six written back (6) = 15; two iterations = 30. Total 35 values.
        LayerPoint p = new LayerPoint(2, 1, 3, 1);
        assertEquals(9L * 4 * 35, LayerFloor.bytes(p, LayerOperation.FORWARD));
    }

    @Test
    void forwardBackwardAddsTheReversePass() {
        // the forward's 35 values, then dU read (2); per reverse iteration: saved state (6), image terms (3),
        // adjoint read (6) and written (6), image adjoints read (3) and written (3) = 27, twice = 54;
        // image adjoints and F2 read (4), dF1 and dF2 written (2). Total 35 + 2 + 54 + 6 = 97 values.
        LayerPoint p = new LayerPoint(2, 1, 3, 1);
        assertEquals(9L * 4 * 97, LayerFloor.bytes(p, LayerOperation.FORWARD_BACKWARD));
    }

    @Test
    void bytesScaleWithElementsAndTimeWithBandwidth() {
        LayerPoint base = LayerPoint.parse("it20-c32-s28-n8");
        long one = LayerFloor.bytes(base, LayerOperation.FORWARD);
        // 8 x 32 x 784 elements, 5 + 15 x 20 = 305 values each
        assertEquals(8L * 32 * 784 * 4 * 305, one);
        assertEquals(15 * one, LayerFloor.bytes(base.withBatch(120), LayerOperation.FORWARD));
        assertEquals(4 * one, LayerFloor.bytes(base.withSize(56), LayerOperation.FORWARD));
        // 10 GB/s = 1e7 bytes per millisecond
        MemoryBandwidth ten = new MemoryBandwidth(10, 0.1, 2, 1 << 20);
        assertEquals(one / 1e7, LayerFloor.ms(base, LayerOperation.FORWARD, ten), 1e-12);
    }

    @Test
    void triadBandwidthIsTwelveBytesPerElementOverTheTime() {
        // 2^20 floats per array: 12 MiB per triad; in 1 ms that is 12.58 GB/s
        assertEquals(12L << 20, MemoryBandwidth.triadBytes(1 << 20));
        assertEquals(12.0 * (1 << 20) / 1e6, MemoryBandwidth.gbPerS(1 << 20, 1.0), 1e-12);
    }

    @Test
    void triadComputesBPlusThreeC() {
        float[] b = {1, 2, 3, 4, 5};
        float[] c = {0.5f, -1, 2, 0, 10};
        float[] a = new float[5];
        StreamTriadBenchmark.triad(a, b, c, 1, 4);
        assertEquals(0, a[0]);
        assertEquals(2 - 3, a[1]);
        assertEquals(3 + 6, a[2]);
        assertEquals(4, a[3]);
        assertEquals(0, a[4], "outside the chunk");
    }
}
