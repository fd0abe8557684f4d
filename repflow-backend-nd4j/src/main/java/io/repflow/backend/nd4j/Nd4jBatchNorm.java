package io.repflow.backend.nd4j;

import io.repflow.api.BatchNormConfig;
import io.repflow.api.Mode;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Batch norm over the channels of a per-frame batch {@code [M,C,H,W]} with PyTorch's semantics
 * (statistics over M, H, W, as BatchNorm3d over B, T, H, W): TRAIN normalises with the biased batch
 * variance and yields the new running statistics {@code (1-m)*running + m*batch} with the unbiased
 * variance; EVAL normalises with the running statistics. Parameters {@code prefix.weight},
 * {@code prefix.bias}; buffers {@code prefix.running_mean}, {@code prefix.running_var}.
 */
final class Nd4jBatchNorm {

    private Nd4jBatchNorm() {}

    /**
     * @param y              the normalised, scaled and shifted input
     * @param updatedBuffers running statistics after this batch (TRAIN only, else empty)
     */
    record Result(SDVariable y, Map<String, SDVariable> updatedBuffers) {}

    static Result apply(
            SameDiff sd, SDVariable x, String prefix, long channels, long count, Mode mode, BatchNormConfig config) {
        SDVariable gamma = sd.getVariable(prefix + ".weight").reshape(1, channels, 1, 1);
        SDVariable beta = sd.getVariable(prefix + ".bias").reshape(1, channels, 1, 1);
        SDVariable runningMean = sd.getVariable(prefix + ".running_mean");
        SDVariable runningVar = sd.getVariable(prefix + ".running_var");
        if (mode == Mode.EVAL) {
            SDVariable scale = sd.math
                    .rsqrt(runningVar.add(config.eps()))
                    .reshape(1, channels, 1, 1)
                    .mul(gamma);
            return new Result(
                    x.sub(runningMean.reshape(1, channels, 1, 1)).mul(scale).add(beta), Map.of());
        }
        SDVariable mean = x.mean(true, 0, 2, 3);
        SDVariable centred = x.sub(mean);
        SDVariable var = centred.mul(centred).mean(true, 0, 2, 3);
        SDVariable y =
                centred.mul(sd.math.rsqrt(var.add(config.eps())).mul(gamma)).add(beta);
        double m = config.momentum();
        double unbiased = count > 1 ? (double) count / (count - 1) : 1.0;
        SDVariable newMean = runningMean.mul(1 - m).add(mean.reshape(channels).mul(m));
        SDVariable newVar = runningVar.mul(1 - m).add(var.reshape(channels).mul(m * unbiased));
        return new Result(y, Map.of(prefix + ".running_mean", newMean, prefix + ".running_var", newVar));
    }
}
