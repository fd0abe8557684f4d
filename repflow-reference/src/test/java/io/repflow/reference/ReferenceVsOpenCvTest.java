package io.repflow.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.FlowConfig;
import io.repflow.api.Shape;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.stream.Stream;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_optflow.DualTVL1OpticalFlow;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference against OpenCV's DualTVL1OpticalFlow (optflow contrib module, org.bytedeco
 * presets) with the settings of design rule 2.13 — one scale, one warp, n inner iterations, one outer
 * iteration, no median filter, epsilon 0, gamma 0 — on 8-bit frame pairs of textured scenes moved
 * by a shift, a rotation or a zoom. The reference runs on the same 8-bit values as float64.
 */
class ReferenceVsOpenCvTest {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceVsOpenCvTest.class);
    private static final double MAX_FLOW_ERROR_PX = 1e-4; // the issue asks for 1e-3; measured 7e-7 at most

    enum Motion {
        SHIFT,
        ROTATION,
        ZOOM
    }

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        int[][] sizes = {{48, 64}, {64, 64}, {37, 91}};
        long seed = 100;
        for (int[] size : sizes) {
            for (Motion motion : Motion.values()) {
                for (int iterations : new int[] {1, 5, 20, 50}) {
                    b.add(Arguments.of(size[0], size[1], motion, iterations, seed++));
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0}x{1} {2} iterations {3}")
    @MethodSource("cases")
    void referenceEqualsOpenCvTvL1(int h, int w, Motion motion, int iterations, long seed) {
        int[][] frames = scene(seed, h, w, motion);
        FlowConfig config =
                FlowConfig.builder().channels(1).iterations(iterations).build();
        DoubleTensor f1 = new DoubleTensor(Shape.of(1, 1, h, w), toDouble(frames[0]));
        DoubleTensor f2 = new DoubleTensor(Shape.of(1, 1, h, w), toDouble(frames[1]));
        DoubleTensor u = new ReferenceFlow(config).forward(f1, f2);

        double[] cv = openCvFlow(frames[0], frames[1], h, w, config);
        double worst = 0;
        double largest = 0;
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < h * w; i++) {
                double ref = u.get(k * h * w + i);
                worst = Math.max(worst, Math.abs(ref - cv[i * 2 + k]));
                largest = Math.max(largest, Math.abs(ref));
            }
        }
        LOG.info(
                "OpenCV TV-L1 vs reference, {}x{} {} iterations {}: max |du| = {} px (largest |u| {} px)",
                h,
                w,
                motion,
                iterations,
                worst,
                largest);
        assertTrue(largest > 1e-2, "the scene must move: largest flow " + largest);
        assertTrue(
                worst <= MAX_FLOW_ERROR_PX,
                h + "x" + w + " " + motion + ", " + iterations + " iterations, seed " + seed
                        + ": reference and OpenCV differ by " + worst + " px (limit " + MAX_FLOW_ERROR_PX + ")");
    }

    private static double[] openCvFlow(int[] a, int[] b, int h, int w, FlowConfig config) {
        try (Mat i0 = gray(a, h, w);
                Mat i1 = gray(b, h, w);
                Mat flow = new Mat();
                DualTVL1OpticalFlow tvl1 = DualTVL1OpticalFlow.create(
                        config.tau(),
                        config.lambda(),
                        config.theta(),
                        1,
                        1,
                        0.0,
                        config.iterations(),
                        1,
                        0.5,
                        0.0,
                        1,
                        false)) {
            tvl1.calc(i0, i1, flow);
            double[] out = new double[h * w * 2];
            try (FloatIndexer idx = flow.createIndexer()) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        out[(y * w + x) * 2] = idx.get(y, x, 0);
                        out[(y * w + x) * 2 + 1] = idx.get(y, x, 1);
                    }
                }
            }
            return out;
        }
    }

    private static Mat gray(int[] pixels, int h, int w) {
        Mat m = new Mat(h, w, opencv_core.CV_8UC1);
        ByteBuffer buf = m.createBuffer();
        for (int i = 0; i < pixels.length; i++) {
            buf.put(i, (byte) pixels[i]);
        }
        return m;
    }

    private static double[] toDouble(int[] p) {
        double[] d = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            d[i] = p[i];
        }
        return d;
    }

    /**
     * Two 8-bit frames of a scene — smooth texture, a few hard-edged blobs, sensor noise — the
     * second moved by a sub-pixel shift, a small rotation about the centre, or a zoom.
     */
    static int[][] scene(long seed, int h, int w, Motion motion) {
        Random r = new Random(seed);
        double[][] waves = new double[5][4];
        for (double[] wv : waves) {
            wv[0] = (r.nextDouble() - 0.5) * 0.8;
            wv[1] = (r.nextDouble() - 0.5) * 0.8;
            wv[2] = r.nextDouble() * 2 * Math.PI;
            wv[3] = 10 + 20 * r.nextDouble();
        }
        double[][] blobs = new double[4][4];
        for (double[] bl : blobs) {
            bl[0] = r.nextDouble() * w;
            bl[1] = r.nextDouble() * h;
            bl[2] = 3 + r.nextDouble() * Math.min(h, w) / 6;
            bl[3] = (r.nextDouble() - 0.5) * 120;
        }
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        double dx = (r.nextDouble() - 0.5) * 3;
        double dy = (r.nextDouble() - 0.5) * 3;
        double angle = (r.nextDouble() - 0.5) * 0.08;
        double zoom = 1 + (r.nextBoolean() ? 1 : -1) * (0.02 + 0.02 * r.nextDouble());
        int[][] frames = new int[2][h * w];
        for (int f = 0; f < 2; f++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double sx = x;
                    double sy = y;
                    if (f == 1) {
                        switch (motion) {
                            case SHIFT -> {
                                sx = x - dx;
                                sy = y - dy;
                            }
                            case ROTATION -> {
                                sx = Math.cos(angle) * (x - cx) + Math.sin(angle) * (y - cy) + cx;
                                sy = -Math.sin(angle) * (x - cx) + Math.cos(angle) * (y - cy) + cy;
                            }
                            case ZOOM -> {
                                sx = (x - cx) / zoom + cx;
                                sy = (y - cy) / zoom + cy;
                            }
                        }
                    }
                    double v = 128;
                    for (double[] wv : waves) {
                        v += wv[3] * Math.sin(wv[0] * sx + wv[1] * sy + wv[2]);
                    }
                    for (double[] bl : blobs) {
                        double d = Math.hypot(sx - bl[0], sy - bl[1]);
                        v += bl[3] / (1 + Math.exp((d - bl[2]) * 2));
                    }
                    v += r.nextGaussian() * 1.5;
                    frames[f][y * w + x] = (int) Math.max(0, Math.min(255, Math.round(v)));
                }
            }
        }
        return frames;
    }
}
