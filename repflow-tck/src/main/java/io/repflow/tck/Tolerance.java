package io.repflow.tck;

import io.repflow.api.HostTensor;
import io.repflow.tck.reference.DoubleTensor;

import java.util.Arrays;

/**
 * An allclose tolerance, {@code |actual - expected| <= atol + rtol * |expected|} element-wise. The
 * contracts' tolerances are final constants of this type.
 */
public record Tolerance(double atol, double rtol) {

    public Tolerance {
        if (!(atol >= 0) || !(rtol >= 0)) {
            throw new IllegalArgumentException("tolerances must be >= 0: atol " + atol + ", rtol " + rtol);
        }
    }

    /** Fails with a message naming the subject, the worst index, actual and expected values. */
    public void assertClose(Subject subject, String quantity, HostTensor actual, DoubleTensor expected) {
        assertClose(subject, quantity, actual.toDoubleArray(), actual.shape().equals(expected.shape()) ? expected : null, actual);
    }

    private void assertClose(Subject subject, String quantity, double[] a, DoubleTensor expected, HostTensor actual) {
        if (expected == null) {
            throw new AssertionError(subject + ": " + quantity + " has shape " + actual.shape() + " but the reference has a different shape");
        }
        Report r = compare(a, expected.data());
        if (r.failures > 0) {
            throw new AssertionError(subject + ": " + quantity + " " + expected.shape() + " differs from the reference at "
                    + r.failures + " of " + a.length + " elements; worst at " + Arrays.toString(expected.shape().index(r.worst))
                    + ": actual " + a[r.worst] + ", expected " + expected.get(r.worst) + ", |diff| "
                    + Math.abs(a[r.worst] - expected.get(r.worst)) + " > atol " + atol + " + rtol " + rtol + " * |expected|"
                    + " (max |diff| over all " + r.maxAbsDiff + ")");
        }
    }

    /** The element-wise comparison, without failing. */
    public Report compare(double[] actual, double[] expected) {
        if (actual.length != expected.length) {
            throw new IllegalArgumentException("lengths differ: " + actual.length + " vs " + expected.length);
        }
        int failures = 0;
        int worst = 0;
        double worstRatio = -1;
        double maxAbs = 0;
        for (int i = 0; i < actual.length; i++) {
            double diff = Math.abs(actual[i] - expected[i]);
            double bound = atol + rtol * Math.abs(expected[i]);
            double ratio = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : (bound == 0 ? (diff == 0 ? 0 : Double.POSITIVE_INFINITY) : diff / bound);
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
        return new Report(failures, worst, worstRatio, maxAbs);
    }

    /**
     * Result of a comparison.
     *
     * @param failures   elements out of tolerance
     * @param worst      flat index with the largest |diff| / bound
     * @param worstRatio that ratio (&le; 1 passes)
     * @param maxAbsDiff largest |diff|
     */
    public record Report(int failures, int worst, double worstRatio, double maxAbsDiff) {
    }
}
