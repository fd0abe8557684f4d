package io.repflow.data.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Where crops of a fixed size are taken from a frame. */
public sealed interface Crop {

    /** Top-left corners {@code {y, x}} of the crops of {@code h × w} in a {@code height × width} frame. */
    List<int[]> corners(int height, int width, int h, int w, SplittableRandom rng);

    /** One crop in the middle (testing). */
    static Crop center() {
        return Center.INSTANCE;
    }

    /** One crop at a uniformly random position (training). */
    static Crop random() {
        return new RandomN(1);
    }

    /** {@code n} crops at independent random positions (e.g. 25 for the paper's evaluation). */
    static Crop random(int n) {
        return new RandomN(n);
    }

    /** The four corners and the centre (the usual five-crop evaluation). */
    static Crop fiveCrop() {
        return FiveCrop.INSTANCE;
    }

    /** Centre crop. */
    enum Center implements Crop {
        INSTANCE;

        @Override
        public List<int[]> corners(int height, int width, int h, int w, SplittableRandom rng) {
            check(height, width, h, w);
            return List.of(new int[] {(height - h) / 2, (width - w) / 2});
        }
    }

    /** Four corners then centre. */
    enum FiveCrop implements Crop {
        INSTANCE;

        @Override
        public List<int[]> corners(int height, int width, int h, int w, SplittableRandom rng) {
            check(height, width, h, w);
            int bottom = height - h;
            int right = width - w;
            return List.of(
                    new int[] {0, 0},
                    new int[] {0, right},
                    new int[] {bottom, 0},
                    new int[] {bottom, right},
                    new int[] {bottom / 2, right / 2});
        }
    }

    /** {@code count} uniformly random crops. */
    record RandomN(int count) implements Crop {
        public RandomN {
            if (count <= 0) {
                throw new IllegalArgumentException("crop count must be positive but is " + count);
            }
        }

        @Override
        public List<int[]> corners(int height, int width, int h, int w, SplittableRandom rng) {
            check(height, width, h, w);
            List<int[]> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                out.add(new int[] {rng.nextInt(height - h + 1), rng.nextInt(width - w + 1)});
            }
            return out;
        }
    }

    private static void check(int height, int width, int h, int w) {
        if (h <= 0 || w <= 0 || h > height || w > width) {
            throw new IllegalArgumentException(
                    "cannot crop " + h + "x" + w + " from a " + height + "x" + width + " frame");
        }
    }
}
