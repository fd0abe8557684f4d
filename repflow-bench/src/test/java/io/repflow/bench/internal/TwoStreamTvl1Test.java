package io.repflow.bench.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.HostTensor;
import io.repflow.api.Shape;
import io.repflow.bench.VideoShape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two-stream baseline's flow is real optical flow: OpenCV TV-L1 (default settings) on the
 * synthetic video finds the background's known pan velocity on every frame pair.
 */
class TwoStreamTvl1Test {

    @Test
    void findsTheKnownPanOnEveryPair() {
        VideoShape shape = new VideoShape(4, 64);
        SyntheticVideo video = new SyntheticVideo(shape, 11);
        double[] pan = video.panVelocity();
        HostTensor flow;
        try (TwoStreamTvl1 tvl1 = new TwoStreamTvl1(shape, video.gray(), 1)) {
            flow = tvl1.allPairs();
        }
        assertEquals(Shape.of(1, 2, 3, 64, 64), flow.shape());
        int margin = 8;
        for (int pair = 0; pair < shape.pairs(); pair++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int y = margin; y < 64 - margin; y++) {
                for (int x = margin; x < 64 - margin; x++) {
                    // background in both frames, away from the disc's edge
                    if (!near(video, x, y, pair) && !near(video, x, y, pair + 1)) {
                        xs.add((double) flow.get(0, 0, pair, y, x));
                        ys.add((double) flow.get(0, 1, pair, y, x));
                    }
                }
            }
            assertTrue(xs.size() > 500, "enough background pixels: " + xs.size());
            double mx = median(xs);
            double my = median(ys);
            assertEquals(pan[0], mx, 0.15, "median x-flow of pair " + pair + " against the pan " + pan[0]);
            assertEquals(pan[1], my, 0.15, "median y-flow of pair " + pair + " against the pan " + pan[1]);
        }
    }

    private static boolean near(SyntheticVideo v, int x, int y, int f) {
        for (int dy = -3; dy <= 3; dy++) {
            for (int dx = -3; dx <= 3; dx++) {
                if (v.inDisc(x + dx, y + dy, f)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }
}
