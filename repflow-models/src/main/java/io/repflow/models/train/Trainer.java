package io.repflow.models.train;

import io.repflow.api.Checks;
import io.repflow.api.HostTensor;
import io.repflow.api.Seeds;
import io.repflow.models.checkpoint.Checkpoint;
import io.repflow.models.checkpoint.CheckpointStore;
import io.repflow.models.eval.EvaluationResult;
import io.repflow.models.eval.EvaluationViews;
import io.repflow.models.eval.Evaluator;
import io.repflow.models.spi.Batch;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.spi.StepResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop, once for every backend, against {@link CompiledModel}: epochs of shuffled
 * mini-batches, SGD with momentum and weight decay, the flow parameters at a fraction of the rate,
 * a step-decay or plateau schedule, gradient-norm logging, NaN/infinity detection, validation after
 * each epoch and checkpoints.
 *
 * <p>Data: mini-batches come from {@link TrainingBatches} (the command's video loader, or an in-memory
 * {@link ClipDataset}), held-out views from {@link EvaluationViews}.
 *
 * <p>Reproducibility: the batches of epoch e are fixed by the run seed (for in-memory data, a Fisher–Yates
 * shuffle seeded by {@code Seeds.splitMix(seed, e)}), step s uses dropout seed {@code Seeds.splitMix(seed, -1 - s)}, and
 * every bit of state (weights, buffers, momentum, schedule, position) is in the checkpoint, so a run
 * resumed from a checkpoint ends bit for bit where the uninterrupted run ends (on one backend).
 *
 * <p>Divergence stops the run with a {@link TrainingDivergedException} naming the step and what diverged: a loss
 * or gradient norm that is not finite, a loss above {@value #EXPLODED_LOSS_PER_LOG_CLASS} x ln(classes) (a
 * classifier's loss starts near ln(classes); a hundred times that is no longer training), a flow layer's learned
 * theta, lambda or tau leaving its domain (checked after every step), or a weight that is not finite (checked
 * before validation and before every checkpoint). No checkpoint is written after it, so the store's latest
 * checkpoint is the last good one.
 */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    /** A mean loss above this many times ln(classes) counts as exploded. */
    public static final double EXPLODED_LOSS_PER_LOG_CLASS = 100;

    private final CompiledModel model;
    private final TrainingConfig config;
    private final CheckpointStore store;
    private final String backendId;
    private final Evaluator evaluator;
    private final TrainingListener listener;

    /**
     * @param store     where checkpoints go (at each epoch end, and every {@code checkpointEverySteps}); null for none
     * @param backendId recorded in checkpoints
     */
    public Trainer(CompiledModel model, TrainingConfig config, CheckpointStore store, String backendId) {
        this(model, config, store, backendId, TrainingListener.NONE);
    }

    /** @param listener told of every step and epoch */
    public Trainer(
            CompiledModel model,
            TrainingConfig config,
            CheckpointStore store,
            String backendId,
            TrainingListener listener) {
        this.model = Checks.notNull("model", model);
        this.config = Checks.notNull("training config", config);
        this.store = store;
        this.backendId = backendId == null ? "" : backendId;
        this.evaluator = new Evaluator(config.batchSize());
        this.listener = Checks.notNull("training listener", listener);
    }

    /** Trains from the model's current weights, epoch 0, on in-memory data (validation may be null). */
    public TrainingReport fit(ClipDataset train, ClipDataset validation) {
        return fit(batches(train), views(validation));
    }

    /** Trains from the model's current weights, epoch 0 (validation may be null). */
    public TrainingReport fit(TrainingBatches train, EvaluationViews validation) {
        return run(new TrainingState(0, 0, 0, config.schedule().start(config.learningRate())), train, validation);
    }

    /** Restores {@code checkpoint} into the model and continues where it stopped, on in-memory data. */
    public TrainingReport resume(Checkpoint checkpoint, ClipDataset train, ClipDataset validation) {
        return resume(checkpoint, batches(train), views(validation));
    }

    /** Restores {@code checkpoint} into the model and continues where it stopped. */
    public TrainingReport resume(Checkpoint checkpoint, TrainingBatches train, EvaluationViews validation) {
        if (checkpoint.manifest().state() == null) {
            throw new IllegalArgumentException(
                    "checkpoint has no training state to resume from (a weights-only checkpoint)");
        }
        checkpoint.restore(model);
        return run(checkpoint.manifest().state(), train, validation);
    }

    private TrainingBatches batches(ClipDataset data) {
        return TrainingBatches.of(Checks.notNull("training data", data), config.batchSize(), config.seed());
    }

    private EvaluationViews views(ClipDataset data) {
        return data == null ? null : EvaluationViews.of(data, config.batchSize());
    }

    private TrainingReport run(TrainingState start, TrainingBatches train, EvaluationViews validation) {
        Checks.notNull("training data", train);
        int batches = train.batchesPerEpoch();
        if (batches == 0) {
            throw new IllegalArgumentException("the training data has no batch of " + config.batchSize());
        }
        List<EpochSummary> summaries = new ArrayList<>();
        double explodedLoss =
                EXPLODED_LOSS_PER_LOG_CLASS * Math.log(Math.max(2, model.spec().numClasses()));
        Path lastCheckpoint = null;
        TrainingState state = start;
        while (state.epoch() < config.epochs()) {
            long t0 = System.nanoTime();
            int epoch = state.epoch();
            double rate = state.schedule().learningRate();
            double lossSum = 0;
            double normSum = 0;
            double normMax = 0;
            long correct = 0;
            long clips = 0;
            int steps = 0;
            int skipped;
            try (BatchStream<NumberedBatch> epochBatches = train.epoch(epoch, state.batchInEpoch())) {
                long last = System.nanoTime();
                while (epochBatches.hasNext()) {
                    NumberedBatch numbered = epochBatches.next();
                    Batch batch = numbered.batch();
                    int b = numbered.number();
                    long step = state.step() + 1;
                    StepResult result = model.trainStep(batch, config.step(rate), Seeds.splitMix(config.seed(), -step));
                    if (!result.isFinite()) {
                        throw diverged(new TrainingDivergedException(step, epoch, result, latest()));
                    }
                    if (result.loss() > explodedLoss) {
                        throw diverged(new TrainingDivergedException(
                                step,
                                epoch,
                                String.format(
                                        "loss %.4g exceeds %.4g (%.0f x ln %d classes)",
                                        result.loss(),
                                        explodedLoss,
                                        EXPLODED_LOSS_PER_LOG_CLASS,
                                        model.spec().numClasses()),
                                latest()));
                    }
                    requireInDomain(flowScalars(), step, epoch);
                    steps++;
                    lossSum += result.loss();
                    normSum += result.gradientNorm();
                    normMax = Math.max(normMax, result.gradientNorm());
                    correct += correct(result.logits(), batch.labels());
                    clips += batch.size();
                    state = new TrainingState(epoch, b + 1, step, state.schedule());
                    if (config.logEverySteps() > 0 && step % config.logEverySteps() == 0) {
                        LOG.info(
                                "step {} epoch {} batch {}/{}: loss {} gradient norm {} lr {}",
                                step,
                                epoch,
                                b + 1,
                                batches,
                                String.format("%.5f", result.loss()),
                                String.format("%.4g", result.gradientNorm()),
                                rate);
                    }
                    long now = System.nanoTime();
                    listener.stepFinished(
                            new TrainingStep(epoch, b + 1, batches, step, rate, batch, result, (now - last) / 1e9));
                    if (config.checkpointEverySteps() > 0
                            && step % config.checkpointEverySteps() == 0
                            && b + 1 < batches) {
                        lastCheckpoint = save(state, Map.of("trainLoss", result.loss()));
                    }
                    last = System.nanoTime();
                }
                skipped = epochBatches.skipped();
            }
            if (validation != null) {
                requireInDomain(model.parameters(), state.step(), epoch);
            }
            EvaluationResult val = validation == null ? null : evaluator.evaluate(model, validation);
            double trainLoss = steps == 0 ? Double.NaN : lossSum / steps;
            double metric = val != null ? val.top1() : trainLoss;
            ScheduleState next =
                    config.schedule().afterEpoch(state.schedule(), epoch, config.learningRate(), metric, val != null);
            EpochSummary summary = new EpochSummary(
                    epoch,
                    rate,
                    steps,
                    trainLoss,
                    clips == 0 ? Double.NaN : (double) correct / clips,
                    steps == 0 ? Double.NaN : normSum / steps,
                    normMax,
                    val,
                    (System.nanoTime() - t0) / 1e9,
                    skipped);
            summaries.add(summary);
            LOG.info(
                    "epoch {}: lr {} train loss {} train acc {} grad norm mean {} max {}{}{}",
                    epoch,
                    rate,
                    fmt(summary.trainLoss()),
                    fmt(summary.trainAccuracy()),
                    fmt(summary.meanGradientNorm()),
                    fmt(normMax),
                    val == null
                            ? ""
                            : " val top1 " + fmt(val.top1()) + " top5 " + fmt(val.top5()) + " mean class "
                                    + fmt(val.meanClassAccuracy()),
                    skipped == 0 ? "" : ", " + skipped + " bad samples skipped");
            state = new TrainingState(epoch + 1, 0, state.step(), next);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("trainLoss", summary.trainLoss());
            metrics.put("trainAccuracy", summary.trainAccuracy());
            if (val != null) {
                metrics.put("valTop1", val.top1());
                metrics.put("valTop5", val.top5());
                metrics.put("valMeanClassAccuracy", val.meanClassAccuracy());
                metrics.put("valLoss", val.meanLoss());
            }
            lastCheckpoint = save(state, metrics);
            listener.epochFinished(summary, lastCheckpoint);
        }
        return new TrainingReport(summaries, state, lastCheckpoint);
    }

    private Path save(TrainingState state, Map<String, Double> metrics) {
        if (store == null) {
            return null;
        }
        Checkpoint checkpoint = Checkpoint.of(model, config, state, metrics, backendId);
        requireInDomain(
                checkpoint.weights(), state.step(), state.batchInEpoch() == 0 ? state.epoch() - 1 : state.epoch());
        try {
            return store.save(checkpoint);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not write checkpoint at step " + state.step() + " to " + store.root(), e);
        }
    }

    /** The learned flow scalars' current values (a few scalars: cheap enough to read after every step). */
    private Map<String, HostTensor> flowScalars() {
        Map<String, HostTensor> values = new LinkedHashMap<>();
        for (String name : model.spec().flowScalars()) {
            values.put(name, model.parameter(name));
        }
        return values;
    }

    private void requireInDomain(Map<String, HostTensor> values, long step, int epoch) {
        java.util.Optional<String> problem = model.spec().firstOutsideDomain(values);
        if (problem.isPresent()) {
            throw diverged(new TrainingDivergedException(step, epoch, problem.get() + " left its domain", latest()));
        }
    }

    /** Logged at debug only: the exception says it all, and a command prints it once. */
    private static TrainingDivergedException diverged(TrainingDivergedException e) {
        LOG.debug("{}", e.getMessage());
        return e;
    }

    private Path latest() {
        try {
            return store == null ? null : store.latest().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static int correct(HostTensor logits, int[] labels) {
        int classes = logits.dim(1);
        int hits = 0;
        for (int b = 0; b < labels.length; b++) {
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (logits.get(b, k) > logits.get(b, best)) {
                    best = k;
                }
            }
            hits += best == labels[b] ? 1 : 0;
        }
        return hits;
    }

    private static String fmt(double v) {
        return String.format("%.4f", v);
    }
}
