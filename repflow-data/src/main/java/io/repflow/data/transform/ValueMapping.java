package io.repflow.data.transform;

import java.util.Arrays;

/** How 8-bit RGB values become floats. */
public sealed interface ValueMapping {

    /** Maps an 8-bit value (0..255) of colour channel {@code channel} (0 = R) to a float. */
    float map(int channel, int value);

    /** {@code v / 127.5 - 1}: [0,255] to [-1,1] (the paper's and the authors' input range). */
    static ValueMapping minusOneToOne() {
        return MinusOneToOne.INSTANCE;
    }

    /** {@code v / 255}: [0,255] to [0,1]. */
    static ValueMapping unitRange() {
        return UnitRange.INSTANCE;
    }

    /** {@code (v/255 - mean[c]) / std[c]} with mean and std given on the [0,1] scale (torchvision convention). */
    static ValueMapping meanStd(float[] mean, float[] std) {
        return new MeanStd(mean, std);
    }

    /** ImageNet's mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225). */
    static ValueMapping imagenet() {
        return new MeanStd(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
    }

    /** [0,255] to [-1,1]. */
    enum MinusOneToOne implements ValueMapping {
        INSTANCE;

        @Override
        public float map(int channel, int value) {
            return value / 127.5f - 1f;
        }
    }

    /** [0,255] to [0,1]. */
    enum UnitRange implements ValueMapping {
        INSTANCE;

        @Override
        public float map(int channel, int value) {
            return value / 255f;
        }
    }

    /** Per-channel standardisation on the [0,1] scale. */
    record MeanStd(float[] mean, float[] std) implements ValueMapping {

        public MeanStd {
            if (mean.length != 3 || std.length != 3) {
                throw new IllegalArgumentException("mean and std need 3 values (R,G,B) but have "
                        + Arrays.toString(mean) + " and " + Arrays.toString(std));
            }
            for (float s : std) {
                if (!(s > 0)) {
                    throw new IllegalArgumentException("std must be positive but is " + Arrays.toString(std));
                }
            }
            mean = mean.clone();
            std = std.clone();
        }

        @Override
        public float[] mean() {
            return mean.clone();
        }

        @Override
        public float[] std() {
            return std.clone();
        }

        @Override
        public float map(int channel, int value) {
            return (value / 255f - mean[channel]) / std[channel];
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MeanStd other && Arrays.equals(mean, other.mean) && Arrays.equals(std, other.std);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
        }

        @Override
        public String toString() {
            return "MeanStd[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
        }
    }

    /** A 256-entry lookup table per channel, so mapping a clip costs one array read per value. */
    default float[][] table() {
        float[][] t = new float[3][256];
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                t[c][v] = map(c, v);
            }
        }
        return t;
    }
}
