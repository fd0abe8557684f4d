package io.repflow.bench;

import io.repflow.models.spec.LayerTrace;
import io.repflow.models.spec.ModelSpec;

/**
 * Floating-point operations of one clip through a network, counted from its shape trace: each parameter of a layer is
 * used once per output position of that layer (a convolution's or linear layer's weights: one multiply-add each;
 * batch norm's scale and shift alike), two operations per use. The flow layer's element-wise iterations, pooling and
 * ReLU are not counted, so for a rep-flow network this is the work of its convolutions, which a matrix-multiply
 * peak bounds.
 */
public final class NetworkFlops {

    private NetworkFlops() {}

    /** Operations of one clip (batch 1) through {@code spec}. */
    public static double perClip(ModelSpec spec) {
        double flops = 0;
        for (LayerTrace t : spec.trace()) {
            if (t.parameters() == 0) {
                continue;
            }
            double positions = (double) t.output().size() / t.output().dim(1);
            flops += 2.0 * positions * t.parameters();
        }
        return flops;
    }
}
