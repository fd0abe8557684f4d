package io.repflow.bench.internal;

import io.repflow.api.HostTensor;
import io.repflow.api.Shape;
import io.repflow.bench.VideoShape;
import java.nio.ByteBuffer;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_optflow.DualTVL1OpticalFlow;

/**
 * The flow half of the two-stream baseline: OpenCV's DualTVL1OpticalFlow with its default settings
 * ({@code DualTVL1OpticalFlow.create()}: 5 scales, 5 warps, 10 outer x 30 inner iterations, epsilon
 * 0.01, median filtering 5) on every pair of consecutive 8-bit grey frames, giving the flow stream's
 * input {@code [1, 2, T-1, H, W]} (x then y). Holds native memory until closed.
 */
public final class TwoStreamTvl1 implements AutoCloseable {

    private final VideoShape shape;
    private final Mat[] frames;
    private final Mat flow = new Mat();
    private final DualTVL1OpticalFlow tvl1 = DualTVL1OpticalFlow.create();
    private boolean closed;

    /** Grey frames {@code frames x (S*S)} as produced by {@link SyntheticVideo#gray()}. */
    public TwoStreamTvl1(VideoShape shape, byte[][] gray, int threads) {
        this.shape = shape;
        if (threads > 0) {
            opencv_core.setNumThreads(threads);
        }
        int s = shape.size();
        frames = new Mat[gray.length];
        for (int f = 0; f < gray.length; f++) {
            Mat m = new Mat(s, s, opencv_core.CV_8UC1);
            ByteBuffer buf = m.createBuffer();
            buf.put(gray[f]);
            frames[f] = m;
        }
    }

    /** TV-L1 on every consecutive pair: the flow stream's input. */
    public HostTensor allPairs() {
        int s = shape.size();
        int pairs = frames.length - 1;
        int plane = s * s;
        float[] out = new float[2 * pairs * plane];
        for (int p = 0; p < pairs; p++) {
            tvl1.calc(frames[p], frames[p + 1], flow);
            try (FloatIndexer idx = flow.createIndexer()) {
                for (int y = 0; y < s; y++) {
                    for (int x = 0; x < s; x++) {
                        out[p * plane + y * s + x] = idx.get(y, x, 0);
                        out[(pairs + p) * plane + y * s + x] = idx.get(y, x, 1);
                    }
                }
            }
        }
        return HostTensor.wrap(out, Shape.of(1, 2, pairs, s, s));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        tvl1.close();
        flow.close();
        for (Mat m : frames) {
            m.close();
        }
    }
}
