package io.repflow.models.spec;

/** A window size, stride or padding over (T, H, W). */
public record Size3(int t, int h, int w) {

    public Size3 {
        if (t < 0 || h < 0 || w < 0) {
            throw new IllegalArgumentException("size (" + t + ", " + h + ", " + w + ") has a negative entry");
        }
    }

    /** The same value on all three axes. */
    public static Size3 of(int all) {
        return new Size3(all, all, all);
    }

    /** {@code (1, k, k)} for a kernel or stride, a per-frame spatial window. */
    public static Size3 spatial(int k) {
        return new Size3(1, k, k);
    }

    /** {@code (0, p, p)}: spatial padding only. */
    public static Size3 spatialPadding(int p) {
        return new Size3(0, p, p);
    }

    @Override
    public String toString() {
        return "(" + t + ", " + h + ", " + w + ")";
    }
}
