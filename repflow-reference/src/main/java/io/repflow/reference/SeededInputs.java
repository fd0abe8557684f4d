package io.repflow.reference;

import io.repflow.api.HostTensor;
import io.repflow.api.Shape;
import java.util.Random;

/**
 * Seeded inputs that look like what the layer meets in practice: textured frames on [0, 255] whose
 * second frame is the first moved by a sub-pixel shift, a small rotation and zoom, plus sensor
 * noise; and motion-carrying clip features for the blocks. Values are float32 so that a backend
 * and the reference see identical numbers.
 */
public final class SeededInputs {

    private SeededInputs() {}

    /** F1 and F2 of shape [N, C, H, W] on [0, 255]. */
    public static HostTensor[] framePairs(long seed, int n, int c, int h, int w) {
        Random r = new Random(seed);
        float[] f1 = new float[n * c * h * w];
        float[] f2 = new float[f1.length];
        for (int plane = 0; plane < n * c; plane++) {
            Texture tex = new Texture(r);
            double dx = r.nextDouble() * 3 - 1.5;
            double dy = r.nextDouble() * 3 - 1.5;
            double angle = (r.nextDouble() - 0.5) * 0.06;
            double zoom = 1 + (r.nextDouble() - 0.5) * 0.04;
            double cy = (h - 1) / 2.0;
            double cx = (w - 1) / 2.0;
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    int at = plane * h * w + i * w + j;
                    f1[at] = clamp255(tex.at(j, i) + 2 * r.nextGaussian());
                    // where this pixel of frame 2 came from in frame 1
                    double yy = i - cy;
                    double xx = j - cx;
                    double sx = (Math.cos(angle) * xx + Math.sin(angle) * yy) / zoom + cx - dx;
                    double sy = (-Math.sin(angle) * xx + Math.cos(angle) * yy) / zoom + cy - dy;
                    f2[at] = clamp255(tex.at(sx, sy) + 2 * r.nextGaussian());
                }
            }
        }
        Shape s = Shape.of(n, c, h, w);
        return new HostTensor[] {HostTensor.wrap(f1, s), HostTensor.wrap(f2, s)};
    }

    /**
     * Clip features [B, C, T, H, W] roughly N(0, 1): each channel a texture drifting by a constant
     * sub-pixel velocity over time, plus noise, so the flow inside a block has motion to find.
     */
    public static HostTensor clip(long seed, int b, int c, int t, int h, int w) {
        Random r = new Random(seed);
        float[] x = new float[b * c * t * h * w];
        for (int plane = 0; plane < b * c; plane++) {
            Texture tex = new Texture(r);
            double vx = r.nextDouble() * 2 - 1;
            double vy = r.nextDouble() * 2 - 1;
            for (int f = 0; f < t; f++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        double v = (tex.at(j - vx * f, i - vy * f) - 127.5) / 60 + 0.2 * r.nextGaussian();
                        x[((plane * t + f) * h + i) * w + j] = (float) v;
                    }
                }
            }
        }
        return HostTensor.wrap(x, Shape.of(b, c, t, h, w));
    }

    /** Standard normal values: upstream gradients and random weights. */
    public static HostTensor normal(long seed, Shape shape, double std) {
        Random r = new Random(seed);
        float[] d = new float[shape.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (std * r.nextGaussian());
        }
        return HostTensor.wrap(d, shape);
    }

    /** {@code base} plus N(0, std) per element: non-default kernels near their initial values. */
    public static HostTensor perturb(long seed, HostTensor base, double std) {
        Random r = new Random(seed);
        float[] d = base.toArray();
        for (int i = 0; i < d.length; i++) {
            d[i] += (float) (std * r.nextGaussian());
        }
        return HostTensor.wrap(d, base.shape());
    }

    private static float clamp255(double v) {
        return (float) Math.max(0, Math.min(255, v));
    }

    /** A smooth random texture: a sum of a few oriented sinusoids around mid-grey. */
    private static final class Texture {
        private final double[] fx = new double[4];
        private final double[] fy = new double[4];
        private final double[] phase = new double[4];
        private final double[] amp = new double[4];

        Texture(Random r) {
            for (int k = 0; k < 4; k++) {
                fx[k] = (r.nextDouble() - 0.5) * 1.2;
                fy[k] = (r.nextDouble() - 0.5) * 1.2;
                phase[k] = r.nextDouble() * 2 * Math.PI;
                amp[k] = 15 + 25 * r.nextDouble();
            }
        }

        double at(double x, double y) {
            double v = 127.5;
            for (int k = 0; k < 4; k++) {
                v += amp[k] * Math.sin(fx[k] * x + fy[k] * y + phase[k]);
            }
            return v;
        }
    }
}
