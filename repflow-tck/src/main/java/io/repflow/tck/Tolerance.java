package io.repflow.tck;

import io.repflow.api.HostTensor;
import io.repflow.reference.DoubleTensor;
import java.util.Arrays;

/**
 * An allclose tolerance, {@code |actual - expected| <= atol' + rtol * |expected|} element-wise,
 * where {@code atol' = atol} or, for a scaled tolerance, {@code atol * max|expected|} (for sums such as
 * parameter gradients whose size depends on the input). A tolerance may allow a small fraction of
 * outlying elements: float32 and float64 can take different sides of a TV-L1 threshold at a few
 * pixels, where the gradient is discontinuous. The contracts' tolerances are final constants (design rule 7.3).
 *
 * @param atol            absolute part (relative to the largest |expected| when {@code scaled})
 * @param rtol            relative part
 * @param scaled          whether atol is relative to the largest |expected|
 * @param outlierFraction largest fraction of elements allowed outside the bound
 */
public record Tolerance(double atol, double rtol, boolean scaled, double outlierFraction) {

    public Tolerance {
        if (!(atol >= 0) || !(rtol >= 0) || !(outlierFraction >= 0 && outlierFraction < 1)) {
            throw new IllegalArgumentException(
                    "tolerance out of range: atol " + atol + ", rtol " + rtol + ", outliers " + outlierFraction);
        }
    }

    /** Plain allclose. */
    public static Tolerance of(double atol, double rtol) {
        return new Tolerance(atol, rtol, false, 0);
    }

    /** allclose with atol relative to the largest |expected|. */
    public static Tolerance scaled(double atol, double rtol) {
        return new Tolerance(atol, rtol, true, 0);
    }

    public Tolerance allowingOutliers(double fraction) {
        return new Tolerance(atol, rtol, scaled, fraction);
    }

    /** Fails with a message naming the subject, the worst index, actual and expected values. */
    public void assertClose(Subject subject, String quantity, HostTensor actual, DoubleTensor expected) {
        assertClose(subject, quantity, actual, expected, 0);
    }

    /**
     * As {@link #assertClose(Subject, String, HostTensor, DoubleTensor)}, with the scale of a scaled
     * tolerance at least {@code minScale}: for a tensor that is (mathematically) zero, such as the
     * gradient of a bias followed by batch norm, whose float32 value is rounding noise of the size of
     * the other gradients.
     */
    public void assertClose(
            Subject subject, String quantity, HostTensor actual, DoubleTensor expected, double minScale) {
        if (!actual.shape().equals(expected.shape())) {
            throw new AssertionError(subject + ": " + quantity + " has shape " + actual.shape()
                    + " but the reference has " + expected.shape());
        }
        double[] a = actual.toDoubleArray();
        Report r = compare(a, expected.data(), minScale);
        int allowed = (int) Math.floor(outlierFraction * a.length);
        if (r.failures > allowed) {
            throw new AssertionError(subject + ": " + quantity + " " + expected.shape()
                    + " differs from the reference at "
                    + r.failures + " of " + a.length + " elements (" + allowed + " allowed); worst at "
                    + Arrays.toString(expected.shape().index(r.worst)) + ": actual " + a[r.worst] + ", expected "
                    + expected.get(r.worst) + ", |diff| " + Math.abs(a[r.worst] - expected.get(r.worst)) + " > "
                    + describe(r.bound)
                    + " (largest |diff| " + r.maxAbsDiff + ", largest |expected| " + r.scale + ")");
        }
    }

    private String describe(double bound) {
        return (scaled ? "atol " + atol + " * max|expected|" : "atol " + atol) + " + rtol " + rtol + " * |expected|"
                + " (bound there " + bound + ")";
    }

    /** The element-wise comparison, without failing. */
    public Report compare(double[] actual, double[] expected) {
        return compare(actual, expected, 0);
    }

    /** The element-wise comparison with the scale of a scaled tolerance at least {@code minScale}. */
    public Report compare(double[] actual, double[] expected, double minScale) {
        if (actual.length != expected.length) {
            throw new IllegalArgumentException("lengths differ: " + actual.length + " vs " + expected.length);
        }
        double scale = minScale;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        double abs = scaled ? atol * scale : atol;
        int failures = 0;
        int worst = 0;
        double worstRatio = -1;
        double maxAbs = 0;
        for (int i = 0; i < actual.length; i++) {
            double diff = Math.abs(actual[i] - expected[i]);
            double bound = abs + rtol * Math.abs(expected[i]);
            double ratio = Double.isNaN(diff)
                    ? Double.POSITIVE_INFINITY
                    : (bound == 0 ? (diff == 0 ? 0 : Double.POSITIVE_INFINITY) : diff / bound);
            if (!(diff <= bound)) {
                failures++;
            }
            if (ratio > worstRatio) {
                worstRatio = ratio;
                worst = i;
            }
            if (!(diff <= maxAbs)) {
                maxAbs = diff;
            }
        }
        double worstBound = abs + rtol * Math.abs(expected.length == 0 ? 0 : expected[worst]);
        return new Report(failures, worst, worstRatio, maxAbs, scale, worstBound);
    }

    /**
     * Result of a comparison.
     *
     * @param failures   elements out of tolerance
     * @param worst      flat index with the largest |diff| / bound
     * @param worstRatio that ratio (&le; 1 passes)
     * @param maxAbsDiff largest |diff|
     * @param scale      largest |expected|
     * @param bound      the bound at the worst index
     */
    public record Report(int failures, int worst, double worstRatio, double maxAbsDiff, double scale, double bound) {}
}
