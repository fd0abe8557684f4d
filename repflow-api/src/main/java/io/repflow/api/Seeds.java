package io.repflow.api;

/**
 * Seeds derived from a run's seed, so that every random choice (epoch order, dropout masks, clips, crops,
 * flips, synthetic data) is a pure function of the seed and a few indices — independent of thread
 * scheduling and of the number of workers. Both derivations use SplitMix64's finaliser.
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

    /**
     * Output number {@code salt} (counting from 0) of a SplitMix64 generator started at {@code seed}: the
     * training loop's epoch orders ({@code salt} = epoch) and dropout seeds ({@code salt} = -1 - step).
     */
    public static long splitMix(long seed, long salt) {
        return finalise(seed + 0x9E3779B97F4A7C15L * (salt + 1));
    }

    private static long finalise(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
