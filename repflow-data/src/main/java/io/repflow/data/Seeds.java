package io.repflow.data;

/**
 * Derives independent 64-bit seeds from a base seed and indices (SplitMix64 finaliser), so that every clip,
 * crop and flip is a pure function of (seed, epoch, sample, …) — independent of thread scheduling and of the
 * number of workers.
 */
public final class Seeds {

    private Seeds() {}

    /** A well-mixed seed from a base seed and any number of indices; order matters. */
    public static long mix(long seed, long... indices) {
        long h = finalise(seed + 0x9E3779B97F4A7C15L);
        for (long i : indices) {
            h = finalise(h ^ finalise(i + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    private static long finalise(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
