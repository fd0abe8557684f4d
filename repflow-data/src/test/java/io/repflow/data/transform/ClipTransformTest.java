package io.repflow.data.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.repflow.data.RgbClip;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClipTransformTest {

    /** A 2-frame 4x6 clip whose R value is 10*y + x + 100*t, G = 50, B = 255. */
    private static RgbClip ramp() {
        byte[] d = new byte[2 * 4 * 6 * 3];
        for (int t = 0; t < 2; t++) {
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 6; x++) {
                    int o = ((t * 4 + y) * 6 + x) * 3;
                    d[o] = (byte) (10 * y + x + 100 * t);
                    d[o + 1] = 50;
                    d[o + 2] = (byte) 255;
                }
            }
        }
        return RgbClip.wrap(2, 4, 6, d);
    }

    @Test
    void cropFlipAndMapToMinusOneOne() {
        ClipTransform t = new ClipTransform(0, 2, 3, Crop.center(), Flip.NONE, ValueMapping.minusOneToOne());
        List<ClipTransform.View> views = t.views(4, 6, new SplittableRandom(0));
        assertEquals(List.of(new ClipTransform.View(1, 1, false)), views);
        float[] out = new float[3 * 2 * 2 * 3];
        t.write(ramp(), views.get(0), t.mapping().table(), out, 0);
        // channel R, frame 0, rows 1-2, cols 1-3 -> values 11,12,13,21,22,23
        float[] r0 = new float[6];
        System.arraycopy(out, 0, r0, 0, 6);
        assertArrayEquals(
                new float[] {
                    11 / 127.5f - 1, 12 / 127.5f - 1, 13 / 127.5f - 1, 21 / 127.5f - 1, 22 / 127.5f - 1, 23 / 127.5f - 1
                },
                r0,
                1e-7f);
        assertEquals(111 / 127.5f - 1, out[6], 1e-7f, "R of frame 1 starts at index 6");
        assertEquals(50 / 127.5f - 1, out[12], 1e-7f, "G plane");
        assertEquals(1f, out[24], 1e-7f, "B plane: 255 maps to 1");

        float[] flipped = new float[out.length];
        t.write(ramp(), new ClipTransform.View(1, 1, true), t.mapping().table(), flipped, 0);
        assertEquals(13 / 127.5f - 1, flipped[0], 1e-7f);
        assertEquals(11 / 127.5f - 1, flipped[2], 1e-7f);
    }

    @Test
    void meanStdMapping() {
        ValueMapping m = ValueMapping.imagenet();
        assertEquals((200 / 255f - 0.485f) / 0.229f, m.map(0, 200), 1e-6f);
        assertEquals((0 - 0.406f) / 0.225f, m.map(2, 0), 1e-6f);
        assertThrows(
                IllegalArgumentException.class, () -> ValueMapping.meanStd(new float[] {0, 0}, new float[] {1, 1}));
    }

    @Test
    void fiveCropAndTwentyFiveRandomCrops() {
        List<int[]> five = Crop.fiveCrop().corners(10, 20, 4, 6, new SplittableRandom(0));
        assertArrayEquals(new int[][] {{0, 0}, {0, 14}, {6, 0}, {6, 14}, {3, 7}}, five.toArray(new int[0][]));
        ClipTransform paper =
                new ClipTransform(128, 112, 112, Crop.random(25), Flip.NONE, ValueMapping.minusOneToOne());
        assertEquals(25, paper.viewCount());
        List<ClipTransform.View> a = paper.views(128, 171, new SplittableRandom(9));
        List<ClipTransform.View> b = paper.views(128, 171, new SplittableRandom(9));
        assertEquals(a, b, "seeded crops repeat");
        assertEquals(25, a.stream().distinct().count(), "25 different crops");
        for (ClipTransform.View v : a) {
            assertEquals(true, v.y() >= 0 && v.y() <= 16 && v.x() >= 0 && v.x() <= 59, v.toString());
        }
        assertNotEquals(a, paper.views(128, 171, new SplittableRandom(10)));
        assertEquals(
                10,
                ClipTransform.testing(128, 112)
                        .withCrop(Crop.fiveCrop())
                        .withFlip(Flip.BOTH)
                        .viewCount());
        assertThrows(IllegalArgumentException.class, () -> Crop.center().corners(100, 100, 112, 112, null));
    }

    @Test
    void randomFlipIsFairAndSeeded() {
        ClipTransform t = ClipTransform.training(128, 112);
        SplittableRandom rng = new SplittableRandom(3);
        int flips = 0;
        for (int i = 0; i < 4000; i++) {
            flips += t.views(128, 171, rng).get(0).flipped() ? 1 : 0;
        }
        assertEquals(2000, flips, 150);
    }
}
