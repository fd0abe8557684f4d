package io.repflow.cli;

import java.awt.image.BufferedImage;

/**
 * The Middlebury flow colour coding (Baker et al., "A Database and Evaluation Methodology for
 * Optical Flow"): hue is the direction on a 55-entry colour wheel (red, yellow, green, cyan, blue,
 * magenta in 15, 6, 4, 11, 13, 6 steps), saturation the magnitude relative to the largest flow;
 * flows beyond the normalising radius are darkened.
 */
final class FlowColors {

    private static final int[] SEGMENTS = {15, 6, 4, 11, 13, 6}; // RY, YG, GC, CB, BM, MR
    private static final double[][] WHEEL = wheel();

    private FlowColors() {}

    private static double[][] wheel() {
        int n = 0;
        for (int s : SEGMENTS) {
            n += s;
        }
        double[][] w = new double[n][3];
        int k = 0;
        // each segment ramps one channel while another stays full
        int[][] ramps = {{0, 1, +1}, {1, 0, -1}, {1, 2, +1}, {2, 1, -1}, {2, 0, +1}, {0, 2, -1}};
        for (int seg = 0; seg < SEGMENTS.length; seg++) {
            int full = ramps[seg][0];
            int ramp = ramps[seg][1];
            boolean up = ramps[seg][2] > 0;
            for (int i = 0; i < SEGMENTS[seg]; i++, k++) {
                double f = (double) i / SEGMENTS[seg];
                w[k][full] = 255;
                w[k][ramp] = 255 * (up ? f : 1 - f);
            }
        }
        return w;
    }

    /** Number of entries on the colour wheel. */
    static int wheelSize() {
        return WHEEL.length;
    }

    /** The RGB colour (0..255 each) of flow (u, v) normalised by {@code radius}. */
    static int[] color(double u, double v, double radius) {
        double rad = Math.sqrt(u * u + v * v) / radius;
        double a = Math.atan2(-v, -u) / Math.PI;
        double fk = (a + 1) / 2 * (WHEEL.length - 1);
        int k0 = (int) Math.floor(fk);
        int k1 = (k0 + 1) % WHEEL.length;
        double f = fk - k0;
        int[] rgb = new int[3];
        for (int c = 0; c < 3; c++) {
            double col = ((1 - f) * WHEEL[k0][c] + f * WHEEL[k1][c]) / 255;
            col = rad <= 1 ? 1 - rad * (1 - col) : col * 0.75;
            rgb[c] = (int) Math.floor(255 * col);
        }
        return rgb;
    }

    /** Largest flow magnitude, at least a small positive value so a zero field renders white. */
    static double maxRadius(float[] u, float[] v) {
        double m = 0;
        for (int i = 0; i < u.length; i++) {
            m = Math.max(m, Math.sqrt((double) u[i] * u[i] + (double) v[i] * v[i]));
        }
        return Math.max(m, 1e-6);
    }

    /** A picture of one flow field (row-major u and v of an h x w image). */
    static BufferedImage render(float[] u, float[] v, int h, int w, double radius) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] c = color(u[y * w + x], v[y * w + x], radius);
                img.setRGB(x, y, (c[0] << 16) | (c[1] << 8) | c[2]);
            }
        }
        return img;
    }
}
