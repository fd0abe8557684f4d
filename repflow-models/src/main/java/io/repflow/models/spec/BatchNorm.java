package io.repflow.models.spec;

import io.repflow.api.BatchNormConfig;
import io.repflow.api.Checks;

/**
 * Batch normalisation over the channel axis with statistics over (B, T, H, W) — PyTorch
 * {@code BatchNorm3d}, which for per-frame networks equals {@code BatchNorm2d} on the {@code B*T}
 * frames. TRAIN: normalise with the biased batch variance, update
 * {@code running = (1-momentum)*running + momentum*batch} with the unbiased variance; EVAL: use the
 * running statistics. {@code y = (x - mean) / sqrt(var + eps) * weight + bias}.
 *
 * <p>Parameters: {@code weight, bias [C]}; buffers {@code running_mean, running_var [C]}.
 */
public record BatchNorm(String name, int channels, BatchNormConfig config) implements Layer {

    public BatchNorm {
        Names.segment("BatchNorm", name);
        Checks.atLeast("BatchNorm '" + name + "' channels", channels, 1);
        Checks.notNull("BatchNorm '" + name + "' config", config);
    }

    /** Default eps 1e-5 and momentum 0.1. */
    public static BatchNorm of(String name, int channels) {
        return new BatchNorm(name, channels, BatchNormConfig.DEFAULT);
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
