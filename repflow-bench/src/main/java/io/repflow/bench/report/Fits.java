package io.repflow.bench.report;

/** Least-squares fits the report states about growth. */
final class Fits {

    private Fits() {}

    /** {@code y ≈ intercept + slope·x} and its coefficient of determination. */
    record Line(double intercept, double slope, double r2) {}

    /** Least squares over at least two points; null with fewer or with constant x. */
    static Line line(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return null;
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
            syy += (y[i] - my) * (y[i] - my);
        }
        if (sxx == 0) {
            return null;
        }
        double slope = sxy / sxx;
        double r2 = syy == 0 ? 1 : sxy * sxy / (sxx * syy);
        return new Line(my - slope * mx, slope, r2);
    }

    /** The exponent k of {@code y ∝ x^k}: the slope of the log-log fit. */
    static Line power(double[] x, double[] y) {
        double[] lx = new double[x.length];
        double[] ly = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            lx[i] = Math.log(x[i]);
            ly[i] = Math.log(y[i]);
        }
        return line(lx, ly);
    }
}
