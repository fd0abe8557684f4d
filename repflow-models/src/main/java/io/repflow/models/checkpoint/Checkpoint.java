package io.repflow.models.checkpoint;

import io.repflow.api.HostTensor;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.train.TrainingConfig;
import io.repflow.models.train.TrainingState;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's full state: manifest, weights (parameters and buffers) and optimiser state (momentum
 * buffers, empty for weights only).
 */
public record Checkpoint(
        CheckpointManifest manifest, Map<String, HostTensor> weights, Map<String, HostTensor> optimizer) {

    public Checkpoint {
        if (manifest == null || weights == null) {
            throw new IllegalArgumentException("a checkpoint needs a manifest and weights");
        }
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        optimizer = Collections.unmodifiableMap(new LinkedHashMap<>(optimizer == null ? Map.of() : optimizer));
    }

    /** Captures {@code model}'s weights and momentum buffers with the training position. */
    public static Checkpoint of(
            CompiledModel model,
            TrainingConfig training,
            TrainingState state,
            Map<String, Double> metrics,
            String backend) {
        CheckpointManifest m = new CheckpointManifest(
                model.spec(), training, state, metrics, backend, Instant.now().toString());
        return new Checkpoint(m, model.parameters(), model.optimizerState());
    }

    /**
     * Loads this checkpoint into {@code model} (any backend): every parameter and buffer, and the
     * momentum buffers when present. The model must have been compiled from an equal spec. Weights outside their
     * domain (not finite, or a flow layer's theta, lambda or tau not positive) are refused before any is set.
     */
    public void restore(CompiledModel model) {
        if (!model.spec().equals(manifest.spec())) {
            throw new IllegalArgumentException("checkpoint of model '"
                    + manifest.spec().name() + "' does not fit model '"
                    + model.spec().name() + "': their specs differ (compile the checkpoint's spec, manifest().spec())");
        }
        if (!weights.keySet().equals(model.parameterShapes().keySet())) {
            throw new IllegalArgumentException(
                    "checkpoint weights " + weights.size() + " tensors do not match the model's "
                            + model.parameterShapes().size() + " parameters and buffers");
        }
        manifest.spec().firstOutsideDomain(weights).ifPresent(problem -> {
            throw new IllegalArgumentException(
                    "checkpoint of model '" + manifest.spec().name() + "' holds unusable weights: " + problem
                            + "; the run had diverged when it was written");
        });
        model.setParameters(weights);
        if (!optimizer.isEmpty()) {
            model.setOptimizerState(optimizer);
        }
    }
}
