package io.repflow.models.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.repflow.models.train.LearningRateSchedule;
import io.repflow.models.train.ScheduleState;
import io.repflow.models.train.TrainingConfig;
import io.repflow.models.train.TrainingState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code manifest.json}: format tag, spec, training config, state, metrics, and (since version 2) the size and
 * SHA-256 of every other file of the checkpoint. Numbers that may be NaN are written as null.
 */
final class ManifestJson {

    static final String FORMAT = "repflow-checkpoint";
    static final int VERSION = 2;
    /** Version 1 manifests (no file hashes) still load. */
    static final int OLDEST_READ = 1;

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestJson() {}

    static String write(CheckpointManifest m, Map<String, FileDigest> files)
            throws com.fasterxml.jackson.core.JsonProcessingException {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", FORMAT)
                .put("version", VERSION)
                .put("created", m.created())
                .put("backend", m.backend());
        n.put("weights", CheckpointStore.WEIGHTS).put("optimizer", CheckpointStore.OPTIMIZER);
        ObjectNode digests = n.putObject("files");
        files.forEach(
                (name, d) -> digests.putObject(name).put("bytes", d.bytes()).put("sha256", d.sha256()));
        n.set("spec", SpecJson.toJson(m.spec()));
        if (m.training() != null) {
            n.set("training", training(m.training()));
        }
        if (m.state() != null) {
            TrainingState s = m.state();
            ObjectNode st = n.putObject("state");
            st.put("epoch", s.epoch()).put("batchInEpoch", s.batchInEpoch()).put("step", s.step());
            ObjectNode sc = st.putObject("schedule");
            number(sc, "learningRate", s.schedule().learningRate());
            number(sc, "best", s.schedule().best());
            sc.put("badEpochs", s.schedule().badEpochs());
        }
        ObjectNode metrics = n.putObject("metrics");
        m.metrics().forEach((k, v) -> number(metrics, k, v));
        return JSON.writeValueAsString(n);
    }

    static CheckpointManifest read(JsonNode n) {
        int version = n.path("version").asInt(-1);
        if (!FORMAT.equals(n.path("format").asText()) || version < OLDEST_READ || version > VERSION) {
            throw new IllegalArgumentException("not a " + FORMAT + " manifest of version " + OLDEST_READ + " to "
                    + VERSION + " (format '" + n.path("format").asText() + "', version " + n.path("version") + ")");
        }
        TrainingConfig training = n.hasNonNull("training") ? training(n.get("training")) : null;
        TrainingState state = null;
        if (n.hasNonNull("state")) {
            JsonNode s = n.get("state");
            JsonNode sc = SpecJson.required(s, "schedule");
            state = new TrainingState(
                    s.path("epoch").asInt(),
                    s.path("batchInEpoch").asInt(),
                    s.path("step").asLong(),
                    new ScheduleState(
                            number(sc, "learningRate"),
                            number(sc, "best"),
                            sc.path("badEpochs").asInt()));
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        n.path("metrics")
                .fields()
                .forEachRemaining(e -> metrics.put(
                        e.getKey(),
                        e.getValue().isNull() ? Double.NaN : e.getValue().asDouble()));
        return new CheckpointManifest(
                SpecJson.fromJson(SpecJson.required(n, "spec")),
                training,
                state,
                metrics,
                n.path("backend").asText(),
                n.path("created").asText());
    }

    /** The recorded size and hash of each file, by file name (empty for version 1). */
    static Map<String, FileDigest> files(JsonNode n) {
        Map<String, FileDigest> files = new LinkedHashMap<>();
        n.path("files").fields().forEachRemaining(e -> {
            String name = e.getKey();
            JsonNode d = e.getValue();
            if (!name.equals(CheckpointStore.WEIGHTS) && !name.equals(CheckpointStore.OPTIMIZER)) {
                throw new IllegalArgumentException("lists an unknown file '" + name + "'");
            }
            if (!d.path("bytes").canConvertToLong() || !d.path("sha256").isTextual()) {
                throw new IllegalArgumentException("the entry of " + name + " needs 'bytes' and 'sha256'");
            }
            files.put(
                    name,
                    new FileDigest(d.path("bytes").asLong(), d.path("sha256").asText()));
        });
        if (n.path("version").asInt() >= 2 && !files.containsKey(CheckpointStore.WEIGHTS)) {
            throw new IllegalArgumentException("records no hash of " + CheckpointStore.WEIGHTS);
        }
        return files;
    }

    private static ObjectNode training(TrainingConfig c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("epochs", c.epochs())
                .put("batchSize", c.batchSize())
                .put("learningRate", c.learningRate())
                .put("flowRateScale", c.flowRateScale())
                .put("momentum", c.momentum())
                .put("weightDecay", c.weightDecay())
                .put("seed", c.seed())
                .put("logEverySteps", c.logEverySteps())
                .put("checkpointEverySteps", c.checkpointEverySteps());
        ObjectNode s = n.putObject("schedule");
        LearningRateSchedule schedule = c.schedule();
        if (schedule instanceof LearningRateSchedule.StepDecay d) {
            s.put("type", "StepDecay").put("stepEpochs", d.stepEpochs()).put("gamma", d.gamma());
        } else if (schedule instanceof LearningRateSchedule.Plateau p) {
            s.put("type", "Plateau")
                    .put("factor", p.factor())
                    .put("patience", p.patience())
                    .put("threshold", p.threshold())
                    .put("minRate", p.minRate());
        } else {
            s.put("type", "Constant");
        }
        return n;
    }

    private static TrainingConfig training(JsonNode n) {
        JsonNode s = SpecJson.required(n, "schedule");
        LearningRateSchedule schedule = switch (s.path("type").asText()) {
            case "StepDecay" ->
                new LearningRateSchedule.StepDecay(
                        s.path("stepEpochs").asInt(), s.path("gamma").asDouble());
            case "Plateau" ->
                new LearningRateSchedule.Plateau(
                        s.path("factor").asDouble(),
                        s.path("patience").asInt(),
                        s.path("threshold").asDouble(),
                        s.path("minRate").asDouble());
            case "Constant" -> new LearningRateSchedule.Constant();
            default ->
                throw new IllegalArgumentException(
                        "unknown schedule type '" + s.path("type").asText() + "'");
        };
        return new TrainingConfig(
                n.path("epochs").asInt(),
                n.path("batchSize").asInt(),
                n.path("learningRate").asDouble(),
                n.path("flowRateScale").asDouble(),
                n.path("momentum").asDouble(),
                n.path("weightDecay").asDouble(),
                schedule,
                n.path("seed").asLong(),
                n.path("logEverySteps").asInt(),
                n.path("checkpointEverySteps").asInt());
    }

    private static void number(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }

    private static double number(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }
}
