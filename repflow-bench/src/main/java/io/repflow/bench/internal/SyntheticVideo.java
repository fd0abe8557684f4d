package io.repflow.bench.internal;

import io.repflow.api.HostTensor;
import io.repflow.api.Shape;
import io.repflow.bench.VideoShape;
import java.util.Random;

/**
 * A deterministic video with real motion for the end-to-end suite: a smooth coloured texture panning
 * at a constant velocity with a disc crossing it at another, so TV-L1 has structure and motion to
 * work on (its multi-scale solver stops early on flat input). Values are RGB on [0, 1]; the 8-bit
 * grey frames for OpenCV are the luma of the same frames.
 */
public final class SyntheticVideo {

    private static final int WAVES = 6;

    private final VideoShape shape;
    private final double[][] waves = new double[3 * WAVES][];
    private final double panX;
    private final double panY;
    private final double discX;
    private final double discY;
    private final double discVx;
    private final double discVy;
    private final double discRadius;

    public SyntheticVideo(VideoShape shape, long seed) {
        this.shape = shape;
        Random r = new Random(seed);
        for (int i = 0; i < waves.length; i++) {
            double period = 6 + r.nextDouble() * shape.size() / 3.0;
            double angle = r.nextDouble() * Math.PI;
            waves[i] = new double[] {
                Math.cos(angle) * 2 * Math.PI / period,
                Math.sin(angle) * 2 * Math.PI / period,
                r.nextDouble() * 2 * Math.PI
            };
        }
        panX = 0.5 + r.nextDouble();
        panY = r.nextDouble() - 0.5;
        discX = shape.size() * (0.2 + 0.2 * r.nextDouble());
        discY = shape.size() * (0.3 + 0.4 * r.nextDouble());
        discVx = 1.5 + r.nextDouble();
        discVy = r.nextDouble() - 0.5;
        discRadius = shape.size() / 6.0;
    }

    public VideoShape shape() {
        return shape;
    }

    /** The background's motion in pixels per frame, {x, y}: the flow TV-L1 should find outside the disc. */
    public double[] panVelocity() {
        return new double[] {panX, panY};
    }

    /** Whether pixel (x, y) of frame {@code f} shows the moving disc. */
    public boolean inDisc(int x, int y, int f) {
        double dx = x - discX - discVx * f;
        double dy = y - discY - discVy * f;
        return dx * dx + dy * dy < discRadius * discRadius;
    }

    /** The clip as network input, {@code [batch, 3, T, S, S]} (every batch entry the same video). */
    public HostTensor rgb(int batch) {
        int t = shape.frames();
        int s = shape.size();
        int plane = s * s;
        float[] one = new float[3 * t * plane];
        for (int f = 0; f < t; f++) {
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    for (int c = 0; c < 3; c++) {
                        one[(c * t + f) * plane + y * s + x] = (float) value(c, x, y, f);
                    }
                }
            }
        }
        float[] all = new float[batch * one.length];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(one, 0, all, b * one.length, one.length);
        }
        return HostTensor.wrap(all, Shape.of(batch, 3, t, s, s));
    }

    /** 8-bit luma frames, {@code frames x (S*S)} row-major. */
    public byte[][] gray() {
        int s = shape.size();
        byte[][] frames = new byte[shape.frames()][s * s];
        for (int f = 0; f < shape.frames(); f++) {
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    double luma = 0.299 * value(0, x, y, f) + 0.587 * value(1, x, y, f) + 0.114 * value(2, x, y, f);
                    frames[f][y * s + x] = (byte) Math.round(Math.max(0, Math.min(255, 255 * luma)));
                }
            }
        }
        return frames;
    }

    /** Channel {@code c} at pixel (x, y) of frame {@code f}, on [0, 1]. */
    private double value(int c, int x, int y, int f) {
        boolean inDisc = inDisc(x, y, f);
        double dx = x - discX - discVx * f;
        double dy = y - discY - discVy * f;
        // the background pans: frame f shows the texture moved by f times the pan velocity
        double sx = inDisc ? dx : x - panX * f;
        double sy = inDisc ? dy : y - panY * f;
        double v = 0;
        for (int w = 0; w < WAVES; w++) {
            double[] k = waves[c * WAVES + w];
            v += Math.sin(k[0] * sx + k[1] * sy + k[2]);
        }
        double base = 0.5 + 0.5 * v / WAVES;
        return inDisc ? 1 - base : base;
    }
}
