package io.repflow.tck;

import io.repflow.api.HostTensor;
import io.repflow.models.train.ClipDataset;
import io.repflow.models.train.LabelledClip;
import java.util.Random;

/**
 * Clips whose class only motion tells apart: a bright square on a noisy background moves one pixel
 * per frame right, left, down or up (classes 0..3), wrapping around the borders. Its start position
 * is uniform, so every single frame has exactly the same distribution of images in every class;
 * colour and noise are random per clip. Deterministic: clip i of a given seed is always the same.
 * The kit's own small data set (repflow-data's {@code SyntheticMotion} renders richer videos for the command).
 *
 * @param size   clips in the set
 * @param frames T
 * @param side   H = W
 * @param square side of the moving square
 * @param seed   seed of the whole set
 */
public record MovingSquares(int size, int frames, int side, int square, long seed) implements ClipDataset {

    public static final int CLASSES = 4;

    public MovingSquares {
        if (frames < 2 || square < 1 || square >= side) {
            throw new IllegalArgumentException(
                    "synthetic motion needs frames >= 2 and a square smaller than the frame; got " + frames
                            + " frames, square " + square + ", side " + side);
        }
    }

    @Override
    public LabelledClip get(int index) {
        Random r = new Random(seed * 0x9E3779B97F4A7C15L + index);
        int label = index % CLASSES;
        int y0 = r.nextInt(side);
        int x0 = r.nextInt(side);
        int dx = label == 0 ? 1 : label == 1 ? -1 : 0;
        int dy = label == 2 ? 1 : label == 3 ? -1 : 0;
        float[] colour = {0.6f + 0.4f * r.nextFloat(), 0.6f + 0.4f * r.nextFloat(), 0.6f + 0.4f * r.nextFloat()};
        float[] d = new float[3 * frames * side * side];
        for (int c = 0; c < 3; c++) {
            for (int t = 0; t < frames; t++) {
                int ys = y0 + dy * t;
                int xs = x0 + dx * t;
                for (int i = 0; i < side; i++) {
                    for (int j = 0; j < side; j++) {
                        boolean inside = Math.floorMod(i - ys, side) < square && Math.floorMod(j - xs, side) < square;
                        float v = 0.1f * r.nextFloat() + (inside ? colour[c] : 0f);
                        d[((c * frames + t) * side + i) * side + j] = v;
                    }
                }
            }
        }
        return new LabelledClip(HostTensor.of(d, 3, frames, side, side), label);
    }
}
