package io.repflow.backend.tf;

import io.repflow.api.FusionMode;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Fusion (design rules 3.1, 3.2) of RGB and flow features {@code [B,C,T,H,W]} in TensorFlow ops. */
final class TfFusionMath {

    private final TfGraphOps ops;
    private final TfBlockOps blocks;

    TfFusionMath(TfGraphOps ops) {
        this.ops = ops;
        this.blocks = new TfBlockOps(ops);
    }

    /** Fusion of RGB features (cut to the flow's first frames) with flow features; see FusionConfig. */
    Operand<TFloat32> fuse(
            FusionMode mode,
            Operand<TFloat32> rgb,
            Operand<TFloat32> flow,
            Operand<TFloat32> weight,
            Operand<TFloat32> bias) {
        if (mode == FusionMode.NONE) {
            return flow;
        }
        if (mode == FusionMode.LATE) {
            return ops.mul(ops.add(rgb, flow), ops.c(0.5f));
        }
        long frames = TfGraphOps.dims(flow)[2];
        Operand<TFloat32> cut = TfGraphOps.dims(rgb)[2] == frames ? rgb : ops.slice(rgb, 2, 0, frames);
        return switch (mode) {
            case ADD -> ops.add(cut, flow);
            case MULTIPLY -> ops.mul(cut, flow);
            case LAYER_MULTIPLY -> ops.mul(blocks.addChannelBias(blocks.conv2dFrames(cut, weight), bias), flow);
            case CONCAT -> blocks.addChannelBias(blocks.conv2dFrames(ops.concat(1, List.of(cut, flow)), weight), bias);
            default -> throw new IllegalStateException("fusion " + mode);
        };
    }
}
