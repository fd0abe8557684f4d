package io.repflow.data.synthetic;

import io.repflow.data.RgbClip;
import java.util.SplittableRandom;

/**
 * Renders one synthetic motion clip: a static random background under many small textured sprites whose
 * centres move by the clip's motion.
 *
 * <p>Why a single frame carries no class information: at every frame and for every class the sprite centres
 * form a homogeneous Poisson point process of the same density over every point that can touch the frame,
 * the sprites' sizes and textures are drawn independently of the motion, and the background does not move.
 * Translations and the static class run on a torus a margin larger than the frame (uniform stays uniform
 * under shifts with wrap-around). Rotations run in a disc that covers frame and margin (uniform stays
 * uniform under rotation). Zoom-in runs an expansion in the same disc where a centre that leaves the disc is
 * re-drawn uniformly inside it: with s = r²/R², expansion maps U[0,1] to density 1/c on [0,c] and the
 * re-drawn mass (c-1)/c fills [0,1] uniformly, so each frame is again uniform. Zoom-out is a zoom-in clip
 * played backwards, which keeps every frame's distribution. Sprites keep their size under zoom so that
 * scale does not tell the classes apart.
 */
final class MotionRenderer {

    private static final int GRID = 4;

    private final int frames;
    private final int height;
    private final int width;
    private final double speed;
    private final double coverage;
    private final int cell;

    MotionRenderer(int frames, int height, int width, double speed, double coverage, int cell) {
        this.frames = frames;
        this.height = height;
        this.width = width;
        this.speed = speed;
        this.coverage = coverage;
        this.cell = cell;
    }

    RgbClip render(MotionClass motion, SplittableRandom rng) {
        int m = Math.min(height, width);
        int minSide = Math.max(2, (int) Math.round(0.08 * m));
        int maxSide = Math.max(minSide + 1, (int) Math.round(0.2 * m));
        int margin = maxSide + 1;

        byte[] background = background(rng);

        // The sprites are drawn first (independent of the motion), then the centres.
        double meanArea = meanSquare(minSide, maxSide);
        double density = coverage / meanArea;
        boolean disc = motion.kind() == MotionClass.Kind.ROTATION || motion.kind() == MotionClass.Kind.ZOOM;
        double tw = width + 2.0 * margin;
        double th = height + 2.0 * margin;
        double radius = Math.hypot(width / 2.0 + margin, height / 2.0 + margin);
        double area = disc ? Math.PI * radius * radius : tw * th;
        int count = poisson(density * area, rng);

        int[] sides = new int[count];
        byte[][] sprites = new byte[count][];
        for (int i = 0; i < count; i++) {
            sides[i] = minSide + rng.nextInt(maxSide - minSide + 1);
            sprites[i] = sprite(sides[i], cell, rng);
        }

        double[][] xs = new double[frames][count];
        double[][] ys = new double[frames][count];
        double cx = width / 2.0;
        double cy = height / 2.0;
        double r0 = m / 3.0;
        switch (motion.kind()) {
            case TRANSLATION, STATIC -> {
                double norm = Math.hypot(motion.dx(), motion.dy());
                double vx = norm == 0 ? 0 : speed * motion.dx() / norm;
                double vy = norm == 0 ? 0 : speed * motion.dy() / norm;
                for (int i = 0; i < count; i++) {
                    double x0 = rng.nextDouble() * tw;
                    double y0 = rng.nextDouble() * th;
                    for (int t = 0; t < frames; t++) {
                        xs[t][i] = wrap(x0 + vx * t, tw) - margin;
                        ys[t][i] = wrap(y0 + vy * t, th) - margin;
                    }
                }
            }
            case ROTATION -> {
                double omega = motion.dx() * speed / r0;
                for (int i = 0; i < count; i++) {
                    double r = radius * Math.sqrt(rng.nextDouble());
                    double phi = rng.nextDouble() * 2 * Math.PI;
                    for (int t = 0; t < frames; t++) {
                        double a = phi + omega * t;
                        xs[t][i] = cx + r * Math.cos(a);
                        ys[t][i] = cy + r * Math.sin(a);
                    }
                }
            }
            case ZOOM -> {
                double grow = 1 + speed / r0;
                double c = grow * grow;
                for (int i = 0; i < count; i++) {
                    double s = rng.nextDouble();
                    double phi = rng.nextDouble() * 2 * Math.PI;
                    for (int k = 0; k < frames; k++) {
                        int t = motion.dx() > 0 ? k : frames - 1 - k;
                        double r = radius * Math.sqrt(s);
                        xs[t][i] = cx + r * Math.cos(phi);
                        ys[t][i] = cy + r * Math.sin(phi);
                        s *= c;
                        if (s >= 1) {
                            s = rng.nextDouble();
                            phi = rng.nextDouble() * 2 * Math.PI;
                        }
                    }
                }
            }
        }

        int frameBytes = height * width * 3;
        byte[] out = new byte[frames * frameBytes];
        for (int t = 0; t < frames; t++) {
            int base = t * frameBytes;
            System.arraycopy(background, 0, out, base, frameBytes);
            for (int i = 0; i < count; i++) {
                paste(out, base, sprites[i], sides[i], xs[t][i], ys[t][i]);
            }
        }
        return RgbClip.wrap(frames, height, width, out);
    }

    private void paste(byte[] out, int base, byte[] sprite, int side, double x, double y) {
        int left = (int) Math.floor(x - side / 2.0 + 0.5);
        int top = (int) Math.floor(y - side / 2.0 + 0.5);
        int x0 = Math.max(0, left);
        int x1 = Math.min(width, left + side);
        int y0 = Math.max(0, top);
        int y1 = Math.min(height, top + side);
        if (x0 >= x1 || y0 >= y1) {
            return;
        }
        for (int yy = y0; yy < y1; yy++) {
            int src = ((yy - top) * side + (x0 - left)) * 3;
            int dst = base + (yy * width + x0) * 3;
            System.arraycopy(sprite, src, out, dst, (x1 - x0) * 3);
        }
    }

    /** A smooth random colour field (bilinear over a coarse grid) with fine noise. */
    private byte[] background(SplittableRandom rng) {
        double[][] grid = new double[(GRID + 1) * (GRID + 1)][3];
        for (double[] g : grid) {
            for (int c = 0; c < 3; c++) {
                g[c] = rng.nextDouble() * 255;
            }
        }
        byte[] bg = new byte[height * width * 3];
        for (int y = 0; y < height; y++) {
            double gy = (y + 0.5) / height * GRID;
            int iy = Math.min(GRID - 1, (int) gy);
            double fy = gy - iy;
            for (int x = 0; x < width; x++) {
                double gx = (x + 0.5) / width * GRID;
                int ix = Math.min(GRID - 1, (int) gx);
                double fx = gx - ix;
                double[] a = grid[iy * (GRID + 1) + ix];
                double[] b = grid[iy * (GRID + 1) + ix + 1];
                double[] d = grid[(iy + 1) * (GRID + 1) + ix];
                double[] e = grid[(iy + 1) * (GRID + 1) + ix + 1];
                for (int c = 0; c < 3; c++) {
                    double v = (1 - fy) * ((1 - fx) * a[c] + fx * b[c]) + fy * ((1 - fx) * d[c] + fx * e[c]);
                    v += (rng.nextDouble() - 0.5) * 32;
                    bg[(y * width + x) * 3 + c] = (byte) clamp(v);
                }
            }
        }
        return bg;
    }

    /** A square sprite: two random colours in a random pattern of cell×cell squares, for texture that shows motion. */
    private static byte[] sprite(int side, int cell, SplittableRandom rng) {
        int[] a = {rng.nextInt(256), rng.nextInt(256), rng.nextInt(256)};
        int[] b = {rng.nextInt(256), rng.nextInt(256), rng.nextInt(256)};
        int cells = (side + cell - 1) / cell;
        boolean[] pick = new boolean[cells * cells];
        for (int i = 0; i < pick.length; i++) {
            pick[i] = rng.nextBoolean();
        }
        byte[] s = new byte[side * side * 3];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int[] col = pick[(y / cell) * cells + x / cell] ? a : b;
                for (int c = 0; c < 3; c++) {
                    s[(y * side + x) * 3 + c] = (byte) col[c];
                }
            }
        }
        return s;
    }

    private static double meanSquare(int lo, int hi) {
        double sum = 0;
        for (int s = lo; s <= hi; s++) {
            sum += (double) s * s;
        }
        return sum / (hi - lo + 1);
    }

    private static double wrap(double v, double period) {
        double r = v % period;
        return r < 0 ? r + period : r;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** Exact Poisson draw (Knuth's product method in chunks of mean at most 20, then summed). */
    private static int poisson(double mean, SplittableRandom rng) {
        int total = 0;
        double left = mean;
        while (left > 0) {
            double chunk = Math.min(20, left);
            left -= chunk;
            double limit = Math.exp(-chunk);
            double p = rng.nextDouble();
            while (p > limit) {
                total++;
                p *= rng.nextDouble();
            }
        }
        return total;
    }
}
