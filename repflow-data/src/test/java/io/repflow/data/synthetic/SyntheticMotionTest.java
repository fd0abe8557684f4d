package io.repflow.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.Shape;
import io.repflow.data.LabeledClips;
import io.repflow.data.RgbClip;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticMotionTest {

    private static final int PER_CLASS = 60;

    @Test
    void sameSeedGivesSameClipsAndOtherSeedOtherClips() {
        SyntheticMotion a =
                SyntheticMotion.builder().frames(6).size(24, 20).seed(11).build();
        SyntheticMotion b =
                SyntheticMotion.builder().frames(6).size(24, 20).seed(11).build();
        SyntheticMotion c =
                SyntheticMotion.builder().frames(6).size(24, 20).seed(12).build();
        LabeledClips ba = a.batch(5, 7);
        assertEquals(ba, b.batch(5, 7));
        assertEquals(Shape.of(7, 3, 6, 24, 20), ba.clips().shape());
        assertNotEquals(ba.clips(), c.batch(5, 7).clips());
        // a clip does not depend on which batch it is rendered in
        assertEquals(a.clip(8), b.batch(8, 1).clips().reshape(3, 6, 24, 20));
    }

    @Test
    void valuesAreMappedToMinusOneOne() {
        LabeledClips batch = SyntheticMotion.builder().seed(3).build().batch(0, 4);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : batch.clips().toArray()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertTrue(min >= -1f && max <= 1f, "range " + min + ".." + max);
        assertTrue(max - min > 1.5f, "a textured clip spans most of the range, got " + min + ".." + max);
    }

    @Test
    void labelsAreBalancedInEachBlockOfNumClasses() {
        SyntheticMotion data =
                SyntheticMotion.builder().classes(MotionClass.all()).seed(5).build();
        int k = data.numClasses();
        assertEquals(13, k);
        for (int block = 0; block < 4; block++) {
            int[] seen = new int[k];
            for (int i = 0; i < k; i++) {
                seen[data.label((long) block * k + i)]++;
            }
            int[] ones = new int[k];
            Arrays.fill(ones, 1);
            assertArrayEquals(ones, seen, "block " + block);
        }
        assertNotEquals(
                data.label(0) * 100 + data.label(1),
                data.label(k) * 100 + data.label(k + 1),
                "blocks are shuffled differently");
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(
                IllegalArgumentException.class, () -> SyntheticMotion.builder().frames(1));
        assertThrows(
                IllegalArgumentException.class, () -> SyntheticMotion.builder().size(4, 32));
        assertThrows(
                IllegalArgumentException.class, () -> SyntheticMotion.builder().classes(MotionClass.UP));
        assertThrows(
                IllegalArgumentException.class,
                () -> SyntheticMotion.builder().classes(MotionClass.UP, MotionClass.UP));
        assertThrows(IllegalArgumentException.class, () -> MotionClass.ofId("sideways"));
        assertEquals(MotionClass.ROTATE_CCW, MotionClass.ofId("rotate-ccw"));
    }

    /**
     * Every class has the same per-frame appearance statistics: class means of six frame features (mean R,
     * G, B, luminance std, mean |d/dx|, mean |d/dy|) at the first and the last frame agree with the pooled
     * mean within 4.5 standard errors, and a nearest-centroid classifier on those features is at chance
     * level on held-out clips. The same classifier on a two-frame feature is far above chance, so the test
     * has the power to see class information where there is some.
     */
    @Test
    void aSingleFrameCarriesNoClassInformation() {
        SyntheticMotion data = SyntheticMotion.builder()
                .classes(MotionClass.all())
                .frames(8)
                .size(32, 32)
                .seed(2024)
                .build();
        int k = data.numClasses();
        int n = 2 * PER_CLASS * k;
        int[] labels = new int[n];
        double[][][] single = new double[2][n][];
        double[][] pair = new double[n][];
        for (int i = 0; i < n; i++) {
            RgbClip clip = data.render(i);
            labels[i] = data.label(i);
            single[0][i] = frameFeatures(clip, 0);
            single[1][i] = frameFeatures(clip, clip.frames() - 1);
            pair[i] = differenceFeatures(clip);
        }
        for (int f = 0; f < 2; f++) {
            assertClassMeansAgree(single[f], labels, k, f == 0 ? "first frame" : "last frame");
            double acc = nearestCentroidAccuracy(single[f], labels, k);
            assertTrue(acc < 1.0 / k + 0.08, "single-frame accuracy " + acc + " should be at chance " + 1.0 / k);
        }
        double pairAcc = nearestCentroidAccuracy(pair, labels, k);
        assertTrue(pairAcc > 0.5, "two-frame features should reveal motion, accuracy " + pairAcc);
    }

    @Test
    void translationsMoveContentInTheirDirection() {
        SyntheticMotion data = SyntheticMotion.builder()
                .classes(MotionClass.translations8())
                .frames(6)
                .size(32, 32)
                .seed(99)
                .build();
        int ok = 0;
        int n = 8 * 20;
        for (int i = 0; i < n; i++) {
            RgbClip clip = data.render(i);
            MotionClass m = data.classes().get(data.label(i));
            int[] shift = bestShift(clip, 0, 4, 6);
            if (Integer.signum(shift[0]) == m.dx() && Integer.signum(shift[1]) == m.dy()) {
                ok++;
            }
        }
        assertTrue(ok >= 0.95 * n, ok + " of " + n + " clips moved in their class's direction");
    }

    @Test
    void staticClipsDoNotChange() {
        SyntheticMotion data = SyntheticMotion.builder()
                .classes(List.of(MotionClass.STATIC, MotionClass.RIGHT))
                .seed(1)
                .build();
        for (int i = 0; i < 6; i++) {
            RgbClip clip = data.render(i);
            boolean same = Arrays.equals(clip.frame(0), clip.frame(clip.frames() - 1));
            assertEquals(data.classes().get(data.label(i)) == MotionClass.STATIC, same, "clip " + i);
        }
    }

    private static double[] frameFeatures(RgbClip clip, int t) {
        int h = clip.height();
        int w = clip.width();
        double[] mean = new double[3];
        double[] lum = new double[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    mean[c] += clip.get(t, y, x, c);
                }
                lum[y * w + x] =
                        0.299 * clip.get(t, y, x, 0) + 0.587 * clip.get(t, y, x, 1) + 0.114 * clip.get(t, y, x, 2);
            }
        }
        double lm = 0;
        for (double v : lum) {
            lm += v;
        }
        lm /= lum.length;
        double var = 0;
        for (double v : lum) {
            var += (v - lm) * (v - lm);
        }
        double gx = 0;
        double gy = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x + 1 < w; x++) {
                gx += Math.abs(lum[y * w + x + 1] - lum[y * w + x]);
            }
        }
        for (int y = 0; y + 1 < h; y++) {
            for (int x = 0; x < w; x++) {
                gy += Math.abs(lum[(y + 1) * w + x] - lum[y * w + x]);
            }
        }
        int px = h * w;
        return new double[] {
            mean[0] / px, mean[1] / px, mean[2] / px, Math.sqrt(var / px), gx / (h * (w - 1)), gy / ((h - 1) * w)
        };
    }

    /** Mean absolute change between frames 0 and 1, and the best shift between frames 0 and 4. */
    private static double[] differenceFeatures(RgbClip clip) {
        double d = 0;
        for (int y = 0; y < clip.height(); y++) {
            for (int x = 0; x < clip.width(); x++) {
                d += Math.abs(clip.get(1, y, x, 1) - clip.get(0, y, x, 1));
            }
        }
        int[] s = bestShift(clip, 0, 4, 6);
        return new double[] {d / (clip.height() * clip.width()) / 10.0, s[0], s[1]};
    }

    /** The integer shift (dx, dy) within ±range that best maps frame a onto frame b (green channel). */
    private static int[] bestShift(RgbClip clip, int a, int b, int range) {
        double best = Double.MAX_VALUE;
        int[] arg = {0, 0};
        for (int dy = -range; dy <= range; dy++) {
            for (int dx = -range; dx <= range; dx++) {
                double err = 0;
                for (int y = range; y < clip.height() - range; y++) {
                    for (int x = range; x < clip.width() - range; x++) {
                        err += Math.abs(clip.get(b, y + dy, x + dx, 1) - clip.get(a, y, x, 1));
                    }
                }
                if (err < best) {
                    best = err;
                    arg = new int[] {dx, dy};
                }
            }
        }
        return arg;
    }

    private static void assertClassMeansAgree(double[][] features, int[] labels, int k, String what) {
        int dims = features[0].length;
        for (int f = 0; f < dims; f++) {
            double mean = 0;
            for (double[] row : features) {
                mean += row[f];
            }
            mean /= features.length;
            double var = 0;
            for (double[] row : features) {
                var += (row[f] - mean) * (row[f] - mean);
            }
            double sd = Math.sqrt(var / (features.length - 1));
            for (int c = 0; c < k; c++) {
                double cm = 0;
                int cn = 0;
                for (int i = 0; i < features.length; i++) {
                    if (labels[i] == c) {
                        cm += features[i][f];
                        cn++;
                    }
                }
                cm /= cn;
                double z = (cm - mean) / (sd / Math.sqrt(cn));
                assertTrue(
                        Math.abs(z) < 4.5,
                        what + ": class " + c + " feature " + f + " mean " + cm + " vs pooled " + mean + " (z = " + z
                                + ")");
            }
        }
    }

    /** Trains centroids on the even indices, tests on the odd ones (features standardised). */
    private static double nearestCentroidAccuracy(double[][] features, int[] labels, int k) {
        int dims = features[0].length;
        double[] mu = new double[dims];
        double[] sd = new double[dims];
        for (double[] row : features) {
            for (int f = 0; f < dims; f++) {
                mu[f] += row[f] / features.length;
            }
        }
        for (double[] row : features) {
            for (int f = 0; f < dims; f++) {
                sd[f] += (row[f] - mu[f]) * (row[f] - mu[f]) / features.length;
            }
        }
        double[][] centroid = new double[k][dims];
        int[] count = new int[k];
        for (int i = 0; i < features.length; i += 2) {
            count[labels[i]]++;
            for (int f = 0; f < dims; f++) {
                centroid[labels[i]][f] += (features[i][f] - mu[f]) / Math.sqrt(sd[f] + 1e-12);
            }
        }
        for (int c = 0; c < k; c++) {
            for (int f = 0; f < dims; f++) {
                centroid[c][f] /= Math.max(1, count[c]);
            }
        }
        int right = 0;
        int total = 0;
        for (int i = 1; i < features.length; i += 2) {
            int best = -1;
            double bestDist = Double.MAX_VALUE;
            for (int c = 0; c < k; c++) {
                double dist = 0;
                for (int f = 0; f < dims; f++) {
                    double v = (features[i][f] - mu[f]) / Math.sqrt(sd[f] + 1e-12) - centroid[c][f];
                    dist += v * v;
                }
                if (dist < bestDist) {
                    bestDist = dist;
                    best = c;
                }
            }
            right += best == labels[i] ? 1 : 0;
            total++;
        }
        return (double) right / total;
    }
}
