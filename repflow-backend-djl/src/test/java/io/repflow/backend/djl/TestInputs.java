package io.repflow.backend.djl;

import io.repflow.api.FlowConfig;
import io.repflow.api.FlowParameter;
import io.repflow.api.HostTensor;
import io.repflow.api.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Real-looking test data: smooth textures on [0, 255] moved by a sub-pixel shift, plus noise. */
final class TestInputs {

    private TestInputs() {}

    /** F1 and F2 {@code [n,c,h,w]}: F2 is F1's texture shifted by up to 1.5 px, each with N(0, 2) noise. */
    static HostTensor[] framePair(long seed, int n, int c, int h, int w) {
        Random r = new Random(seed);
        float[] f1 = new float[n * c * h * w];
        float[] f2 = new float[f1.length];
        for (int plane = 0; plane < n * c; plane++) {
            double a = 0.3 + 0.6 * r.nextDouble();
            double b = 0.3 + 0.6 * r.nextDouble();
            double ph = 6 * r.nextDouble();
            double sx = 3 * r.nextDouble() - 1.5;
            double sy = 3 * r.nextDouble() - 1.5;
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    int k = plane * h * w + i * w + j;
                    f1[k] = (float) (texture(a, b, ph, j, i, h + w) + 2 * r.nextGaussian());
                    f2[k] = (float) (texture(a, b, ph, j - sx, i - sy, h + w) + 2 * r.nextGaussian());
                }
            }
        }
        return new HostTensor[] {HostTensor.wrap(f1, Shape.of(n, c, h, w)), HostTensor.wrap(f2, Shape.of(n, c, h, w))};
    }

    private static double texture(double a, double b, double ph, double x, double y, int size) {
        return 127 + 60 * Math.sin(a * x + ph) * Math.cos(b * y) + 30 * Math.sin(0.37 * x * y / size);
    }

    /** Parameters near the initial ones: scalars within a few percent, kernels with small noise. */
    static Map<String, HostTensor> perturbedParameters(FlowConfig config, long seed) {
        Random r = new Random(seed);
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (FlowParameter p : FlowParameter.values()) {
            HostTensor init = p.initial(config);
            float[] v = init.toArray();
            for (int i = 0; i < v.length; i++) {
                v[i] = v.length == 1
                        ? (float) (v[i] * (0.85 + 0.3 * r.nextDouble()))
                        : (float) (v[i] + 0.04 * r.nextGaussian());
            }
            out.put(p.key(), HostTensor.wrap(v, init.shape()));
        }
        return out;
    }
}
