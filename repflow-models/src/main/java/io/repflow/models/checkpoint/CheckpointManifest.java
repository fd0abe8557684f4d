package io.repflow.models.checkpoint;

import io.repflow.models.spec.ModelSpec;
import io.repflow.models.train.TrainingConfig;
import io.repflow.models.train.TrainingState;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a checkpoint says about itself ({@code manifest.json}).
 *
 * @param spec     the model, enough to compile it again on any backend
 * @param training the training configuration, or null for a weights-only checkpoint
 * @param state    where training stood, or null
 * @param metrics  named numbers (validation top-1, loss…)
 * @param backend  id of the backend that wrote it (informational: the weights load anywhere)
 * @param created  ISO-8601 instant
 */
public record CheckpointManifest(
        ModelSpec spec,
        TrainingConfig training,
        TrainingState state,
        Map<String, Double> metrics,
        String backend,
        String created) {

    public CheckpointManifest {
        if (spec == null) {
            throw new IllegalArgumentException("checkpoint manifest needs the model spec");
        }
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics == null ? Map.of() : metrics));
        backend = backend == null ? "" : backend;
        created = created == null ? "" : created;
    }
}
