package io.repflow.bench;

/**
 * The machine's sustained memory bandwidth, measured by a STREAM-style triad in Java
 * ({@code a[i] = b[i] + s * c[i]} over float arrays far larger than any cache, split over
 * {@code threads} threads): STREAM's count of 12 bytes per element (two reads, one write; the
 * write-allocate read is not counted) over the best time.
 *
 * @param gbPerS        10⁹ bytes per second
 * @param errorGbPerS   uncertainty of {@code gbPerS} (NaN when unknown)
 * @param threads       threads that ran the triad
 * @param elements      floats per array
 */
public record MemoryBandwidth(double gbPerS, double errorGbPerS, int threads, long elements) {

    /** Bytes one triad moves by STREAM's count: {@code 3 × 4 × elements}. */
    public static long triadBytes(long elements) {
        return 3L * Float.BYTES * elements;
    }

    /** The bandwidth of a triad over {@code elements} floats per array taking {@code ms} milliseconds. */
    public static double gbPerS(long elements, double ms) {
        return triadBytes(elements) / (ms * 1e6);
    }
}
