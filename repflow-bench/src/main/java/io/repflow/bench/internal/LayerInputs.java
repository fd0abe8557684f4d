package io.repflow.bench.internal;

import io.repflow.api.HostTensor;
import io.repflow.bench.LayerPoint;
import io.repflow.reference.SeededInputs;
import java.util.List;

/**
 * The flow layer's benchmark inputs at a point: the TCK's textured frame pairs on [0, 255] (seed 7) and an upstream
 * gradient of u drawn from N(0, 1) (seed 8), the same for the timing suite and the memory probe.
 *
 * @param frames F1 and F2, {@code [batch, channels, size, size]}
 * @param gradU  the gradient of the loss with respect to u, {@code [batch, 2·channels, size, size]}
 */
public record LayerInputs(List<HostTensor> frames, HostTensor gradU) {

    public LayerInputs {
        frames = List.copyOf(frames);
    }

    public static LayerInputs at(LayerPoint p) {
        HostTensor[] pair = SeededInputs.framePairs(7, p.batch(), p.channels(), p.size(), p.size());
        return new LayerInputs(
                List.of(pair[0], pair[1]), HostTensor.normal(8, 1f, p.batch(), 2 * p.channels(), p.size(), p.size()));
    }
}
