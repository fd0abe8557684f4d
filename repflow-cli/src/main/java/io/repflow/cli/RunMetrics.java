package io.repflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.repflow.models.eval.EvaluationResult;
import io.repflow.models.train.EpochSummary;
import io.repflow.models.train.TrainingListener;
import io.repflow.models.train.TrainingStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The metrics a run leaves in its directory, as it goes: {@value #JSONL} (a line per step: loss, learning
 * rate, gradient norm, clips/s; a line per epoch: training and held-out accuracy, loss, skipped videos),
 * {@value #CSV} (a line per epoch), TensorBoard event files with the same scalars, and {@code curves.png}
 * (loss and accuracy per epoch) redrawn at the end of every epoch. Rows a resumed run writes carry
 * {@code "resumed": true} (the CSV: a {@code resumed} column).
 */
final class RunMetrics implements TrainingListener, AutoCloseable {

    static final String CSV = "metrics.csv";
    static final String JSONL = "metrics.jsonl";
    static final String CURVES = "curves.png";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final boolean resumed;
    private final TensorBoardEvents events;
    private long lastStep;

    /** @param resumed whether this process continues a run from a checkpoint: its rows say so */
    RunMetrics(Path dir, boolean resumed) {
        this.dir = dir;
        this.resumed = resumed;
        this.events = TensorBoardEvents.create(dir);
    }

    Path events() {
        return events.file();
    }

    @Override
    public void stepFinished(TrainingStep s) {
        lastStep = s.step();
        ObjectNode o = JSON.createObjectNode();
        o.put("kind", "step")
                .put("epoch", s.epoch() + 1)
                .put("step", s.step())
                .put("batch", s.batch())
                .put("clips", s.input().size())
                .put("loss", s.result().loss())
                .put("lr", s.learningRate())
                .put("gradNorm", s.result().gradientNorm())
                .put("clipsPerSecond", s.clipsPerSecond());
        markResumed(o);
        append(JSONL, o);
        Map<String, Double> scalars = new LinkedHashMap<>();
        scalars.put("train/loss", s.result().loss());
        scalars.put("train/lr", s.learningRate());
        scalars.put("train/grad_norm", s.result().gradientNorm());
        scalars.put("train/clips_per_second", s.clipsPerSecond());
        events.scalars(s.step(), scalars);
    }

    @Override
    public void epochFinished(EpochSummary s, Path checkpoint) {
        EvaluationResult v = s.validation();
        Path csv = dir.resolve(CSV);
        try {
            if (!Files.exists(csv)) {
                Files.writeString(
                        csv,
                        "epoch,lr,train_loss,train_acc,grad_norm_mean,grad_norm_max,val_top1,val_top5,val_mean_class,val_loss,seconds,skipped,resumed\n");
            }
            Files.writeString(
                    csv,
                    String.format(
                            Locale.ROOT,
                            "%d,%.6g,%.6f,%.6f,%.6g,%.6g,%s,%s,%s,%s,%.2f,%d,%b%n",
                            s.epoch() + 1,
                            s.learningRate(),
                            s.trainLoss(),
                            s.trainAccuracy(),
                            s.meanGradientNorm(),
                            s.maxGradientNorm(),
                            v == null ? "" : v.top1(),
                            v == null ? "" : v.top5(),
                            v == null ? "" : v.meanClassAccuracy(),
                            v == null ? "" : v.meanLoss(),
                            s.seconds(),
                            s.skipped(),
                            resumed),
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + csv, e);
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("kind", "epoch")
                .put("epoch", s.epoch() + 1)
                .put("step", lastStep)
                .put("lr", s.learningRate())
                .put("trainLoss", s.trainLoss())
                .put("trainAccuracy", s.trainAccuracy())
                .put("gradNormMean", s.meanGradientNorm())
                .put("gradNormMax", s.maxGradientNorm())
                .put("skipped", s.skipped())
                .put("seconds", s.seconds());
        Map<String, Double> scalars = new LinkedHashMap<>();
        scalars.put("epoch/train_loss", s.trainLoss());
        scalars.put("epoch/train_accuracy", s.trainAccuracy());
        if (v != null) {
            o.put("valTop1", v.top1())
                    .put("valTop5", v.top5())
                    .put("valMeanClassAccuracy", v.meanClassAccuracy())
                    .put("valLoss", v.meanLoss());
            scalars.put("epoch/val_top1", v.top1());
            scalars.put("epoch/val_top5", v.top5());
            scalars.put("epoch/val_mean_class_accuracy", v.meanClassAccuracy());
            scalars.put("epoch/val_loss", v.meanLoss());
        }
        markResumed(o);
        append(JSONL, o);
        events.scalars(s.epoch() + 1L, scalars);
        try {
            Curves.write(dir.resolve(JSONL), dir.resolve(CURVES));
        } catch (IOException e) {
            throw new UncheckedIOException("could not draw " + dir.resolve(CURVES), e);
        }
    }

    /**
     * Rows written after a resume say so: the steps between the checkpoint and the kill were logged once before,
     * and the first epoch after it may have begun in the killed process.
     */
    private void markResumed(ObjectNode o) {
        if (resumed) {
            o.put("resumed", true);
        }
    }

    private void append(String name, ObjectNode o) {
        Path f = dir.resolve(name);
        try {
            Files.writeString(
                    f,
                    JSON.writeValueAsString(o) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + f, e);
        }
    }

    @Override
    public void close() {
        events.close();
    }
}
