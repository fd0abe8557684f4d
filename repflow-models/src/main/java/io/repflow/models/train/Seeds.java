package io.repflow.models.train;

/** Derived seeds (SplitMix64 finaliser), so each epoch's order and each step's dropout are fixed by the run seed. */
public final class Seeds {

    private Seeds() {}

    public static long mix(long seed, long salt) {
        long z = seed + 0x9E3779B97F4A7C15L * (salt + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
