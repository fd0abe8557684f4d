package io.repflow.cli;

import io.repflow.api.HostTensor;
import io.repflow.api.Shape;
import java.nio.ByteBuffer;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_optflow.DualTVL1OpticalFlow;

/** OpenCV's DualTVL1 with its default (multi-scale, warped) settings, the two-stream flow. */
final class OpenCvTvl1 {

    private OpenCvTvl1() {}

    /** Flow [N,2,H,W] for grey frames [N,1,H,W] on 0..255 (rounded to 8 bits, as video frames are). */
    static HostTensor flow(HostTensor f1, HostTensor f2) {
        int n = f1.dim(0);
        int h = f1.dim(2);
        int w = f1.dim(3);
        float[] out = new float[n * 2 * h * w];
        try (DualTVL1OpticalFlow tvl1 = DualTVL1OpticalFlow.create()) {
            for (int i = 0; i < n; i++) {
                try (Mat a = gray(f1, i, h, w);
                        Mat b = gray(f2, i, h, w);
                        Mat flow = new Mat()) {
                    tvl1.calc(a, b, flow);
                    try (FloatIndexer idx = flow.createIndexer()) {
                        for (int y = 0; y < h; y++) {
                            for (int x = 0; x < w; x++) {
                                out[((i * 2) * h + y) * w + x] = idx.get(y, x, 0);
                                out[((i * 2 + 1) * h + y) * w + x] = idx.get(y, x, 1);
                            }
                        }
                    }
                }
            }
        }
        return HostTensor.wrap(out, Shape.of(n, 2, h, w));
    }

    private static Mat gray(HostTensor t, int n, int h, int w) {
        Mat m = new Mat(h, w, opencv_core.CV_8UC1);
        ByteBuffer buf = m.createBuffer();
        for (int i = 0; i < h * w; i++) {
            buf.put(i, (byte) Math.max(0, Math.min(255, Math.round(t.flat(n * h * w + i)))));
        }
        return m;
    }
}
