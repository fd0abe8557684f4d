package io.repflow.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.models.checkpoint.Checkpoint;
import io.repflow.models.checkpoint.CheckpointStore;
import io.repflow.models.spec.ClipShape;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spi.Batch;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.spi.LossAndGradients;
import io.repflow.models.spi.SgdStep;
import io.repflow.models.spi.StepResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    private static final ClipShape CLIP = new ClipShape(4, 3, 6, 6);
    private static final ColourDataset TRAIN = new ColourDataset(64, 4, 3, 6, 1);
    private static final ColourDataset VAL = new ColourDataset(32, 4, 3, 6, 2);

    @TempDir
    Path dir;

    private static TrainingConfig config(int epochs) {
        return new TrainingConfig(epochs, 8, 0.5, 0.01, 0.9, 1e-4, new LearningRateSchedule.StepDecay(3, 0.5), 7, 0, 0);
    }

    @Test
    void learnsASeparableProblem() {
        ModelSpec spec = JavaLinearModel.spec(CLIP, 4, 0);
        JavaLinearModel model = new JavaLinearModel(spec, 3);
        TrainingReport report = new Trainer(model, config(6), null, "java").fit(TRAIN, VAL);
        assertEquals(6, report.epochs().size());
        EpochSummary first = report.epochs().get(0);
        EpochSummary last = report.epochs().get(5);
        assertTrue(last.trainLoss() < first.trainLoss() / 2, first.trainLoss() + " -> " + last.trainLoss());
        assertTrue(
                last.validation().top1() >= 0.95,
                "val top1 " + last.validation().top1());
        // step decay x0.5 every 3 epochs
        assertEquals(
                List.of(0.5, 0.5, 0.5, 0.25, 0.25, 0.25),
                report.epochs().stream().map(EpochSummary::learningRate).toList());
        assertEquals(6L * 8, report.finalState().step());
        assertTrue(last.meanGradientNorm() > 0 && last.maxGradientNorm() >= last.meanGradientNorm());
    }

    @Test
    void flowRateScaleAndScheduleReachTheModel() {
        ModelSpec spec = JavaLinearModel.spec(CLIP, 4, 0);
        Recording model = new Recording(new JavaLinearModel(spec, 3), Long.MAX_VALUE);
        new Trainer(model, config(4), null, "java").fit(TRAIN, null);
        assertEquals(32, model.steps.size());
        for (int i = 0; i < 32; i++) {
            SgdStep s = model.steps.get(i);
            assertEquals(i < 24 ? 0.5 : 0.25, s.learningRate(), "step " + (i + 1));
            assertEquals(0.01, s.flowRateScale());
            assertEquals(0.9, s.momentum());
            assertEquals(1e-4, s.weightDecay());
        }
    }

    @Test
    void listenerDoesNotChangeTheRun() {
        ModelSpec spec = JavaLinearModel.spec(CLIP, 4, 0.3);
        TrainingConfig cfg = config(3);
        JavaLinearModel sequential = new JavaLinearModel(spec, 11);
        new Trainer(sequential, cfg, null, "java").fit(TRAIN, VAL);
        JavaLinearModel listened = new JavaLinearModel(spec, 11);
        java.util.List<String> seen = new java.util.ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void stepFinished(TrainingStep s) {
                seen.add(s.epoch() + ":" + s.batch() + "/" + s.batches() + "@" + s.step() + " lr " + s.learningRate()
                        + " n " + s.input().size());
            }

            @Override
            public void epochFinished(EpochSummary summary, java.nio.file.Path checkpoint) {
                seen.add("epoch " + summary.epoch());
            }
        };
        new Trainer(listened, cfg, null, "java", listener).fit(TRAIN, VAL);
        assertSameState(sequential, listened);
        int batches = TRAIN.size() / cfg.batchSize();
        assertEquals(3 * (batches + 1), seen.size(), "one call per step and one per epoch: " + seen);
        assertEquals("0:1/" + batches + "@1 lr 0.5 n 8", seen.get(0));
        assertEquals("epoch 2", seen.get(seen.size() - 1));
    }

    /** Batches from a source that left bad samples out: smaller batches, a missing batch, numbers kept. */
    @Test
    void batchesWithSkippedSamplesKeepTheirNumbers() throws IOException {
        ModelSpec spec = JavaLinearModel.spec(CLIP, 4, 0);
        TrainingConfig cfg = config(2).withCheckpointEverySteps(1);
        TrainingBatches all = TrainingBatches.of(TRAIN, cfg.batchSize(), cfg.seed());
        // epoch batches 0..7; batch 2 lost one sample, batch 5 lost all of them
        TrainingBatches holes = new TrainingBatches() {
            @Override
            public int batchesPerEpoch() {
                return all.batchesPerEpoch();
            }

            @Override
            public BatchStream<NumberedBatch> epoch(int epoch, int fromBatch) {
                BatchStream<NumberedBatch> inner = all.epoch(epoch, fromBatch);
                List<NumberedBatch> kept = new ArrayList<>();
                while (inner.hasNext()) {
                    NumberedBatch b = inner.next();
                    if (b.number() == 5) {
                        continue;
                    }
                    kept.add(b.number() == 2 ? new NumberedBatch(2, firstRows(b.batch(), 7)) : b);
                }
                java.util.Iterator<NumberedBatch> it = kept.iterator();
                return new BatchStream<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public NumberedBatch next() {
                        return it.next();
                    }

                    @Override
                    public int skipped() {
                        return fromBatch <= 2 ? 9 : fromBatch <= 5 ? 8 : 0;
                    }

                    @Override
                    public void close() {}
                };
            }
        };
        CheckpointStore store = new CheckpointStore(dir.resolve("holes"), 100);
        JavaLinearModel straight = new JavaLinearModel(spec, 11);
        TrainingReport report = new Trainer(straight, cfg, store, "java").fit(holes, null);
        assertEquals(7, report.epochs().get(0).steps());
        assertEquals(9, report.epochs().get(0).skipped());
        assertEquals(14, report.finalState().step());
        // the checkpoint after batch 4 (step 5) resumes at batch 5, which the source leaves out: batch 6 is next
        Checkpoint afterBatch4 = CheckpointStore.load(store.root().resolve("step-0000000005"));
        assertEquals(5, afterBatch4.manifest().state().batchInEpoch());
        JavaLinearModel resumed = new JavaLinearModel(spec, 3);
        new Trainer(resumed, cfg, null, "java").resume(afterBatch4, holes, null);
        assertSameState(straight, resumed);
    }

    private static Batch firstRows(Batch b, int n) {
        int per = b.clips().size() / b.size();
        int[] dims = b.clips().dims();
        return new Batch(
                HostTensor.wrap(
                        java.util.Arrays.copyOf(b.clips().toArray(), n * per),
                        io.repflow.api.Shape.of(n, dims[1], dims[2], dims[3], dims[4])),
                java.util.Arrays.copyOf(b.labels(), n));
    }

    @Test
    void resumeIsBitForBitAtEpochEndAndMidEpoch() throws IOException {
        ModelSpec spec = JavaLinearModel.spec(CLIP, 4, 0.3);
        TrainingConfig cfg = config(5)
                .withSchedule(new LearningRateSchedule.Plateau(0.5, 0, 0.0, 1e-3))
                .withCheckpointEverySteps(3);

        JavaLinearModel straight = new JavaLinearModel(spec, 11);
        new Trainer(straight, cfg, new CheckpointStore(dir.resolve("a"), 100), "java").fit(TRAIN, VAL);

        // interrupted after 2 epochs, resumed from the epoch-end checkpoint in a fresh model
        CheckpointStore stopped = new CheckpointStore(dir.resolve("b"), 100);
        new Trainer(new JavaLinearModel(spec, 11), cfg.withEpochs(2), stopped, "java").fit(TRAIN, VAL);
        Checkpoint atEpoch2 = CheckpointStore.load(stopped.latest().orElseThrow());
        assertEquals(
                new TrainingState(2, 0, 16, atEpoch2.manifest().state().schedule()),
                atEpoch2.manifest().state());
        JavaLinearModel resumed = new JavaLinearModel(spec, 999);
        new Trainer(resumed, cfg, null, "java").resume(atEpoch2, TRAIN, VAL);
        assertSameState(straight, resumed);

        // and from a mid-epoch checkpoint (step 21 = epoch 2, batch 5 of 8)
        Checkpoint mid = CheckpointStore.load(dir.resolve("a").resolve("step-0000000021"));
        assertEquals(2, mid.manifest().state().epoch());
        assertEquals(5, mid.manifest().state().batchInEpoch());
        JavaLinearModel resumedMid = new JavaLinearModel(spec, 5);
        new Trainer(resumedMid, cfg, null, "java").resume(mid, TRAIN, VAL);
        assertSameState(straight, resumedMid);

        // a different seed gives a different run: the comparison above can fail
        JavaLinearModel other = new JavaLinearModel(spec, 11);
        new Trainer(other, new TrainingConfig(5, 8, 0.5, 0.01, 0.9, 1e-4, cfg.schedule(), 8, 0, 0), null, "java")
                .fit(TRAIN, VAL);
        assertNotEquals(straight.parameter("fc.weight"), other.parameter("fc.weight"));
    }

    @Test
    void divergenceStopsWithTheStepAndKeepsTheLastGoodCheckpoint() throws IOException {
        ModelSpec spec = JavaLinearModel.spec(CLIP, 4, 0);
        Recording model = new Recording(new JavaLinearModel(spec, 3), 7);
        CheckpointStore store = new CheckpointStore(dir, 2);
        TrainingDivergedException e = assertThrows(
                TrainingDivergedException.class,
                () -> new Trainer(model, config(3).withCheckpointEverySteps(5), store, "java").fit(TRAIN, null));
        assertEquals(7, e.step());
        assertEquals(0, e.epoch());
        Path good = e.lastGoodCheckpoint().orElseThrow();
        assertEquals("step-0000000005", good.getFileName().toString());
        assertTrue(
                e.getMessage().contains("step 7")
                        && e.getMessage().contains("NaN")
                        && e.getMessage().contains("step-0000000005"),
                e.getMessage());
        Checkpoint kept = CheckpointStore.load(good);
        assertEquals(model.afterStep.get(4), kept.weights().get("fc.weight"));
        assertEquals(List.of("latest", "step-0000000005"), listing(dir));
    }

    @Test
    void checkpointRoundTripsManifestWeightsAndMomentum() throws IOException {
        ModelSpec spec = JavaLinearModel.spec(CLIP, 4, 0.2);
        JavaLinearModel model = new JavaLinearModel(spec, 3);
        TrainingConfig cfg = config(1);
        new Trainer(model, cfg, null, "java").fit(TRAIN, null);
        TrainingState state = new TrainingState(1, 0, 8, new ScheduleState(0.5, Double.NaN, 0));
        CheckpointStore store = new CheckpointStore(dir, 3);
        Path written = store.save(Checkpoint.of(model, cfg, state, Map.of("valTop1", 0.75), "java"));
        Checkpoint back = CheckpointStore.load(written);
        assertEquals(spec, back.manifest().spec());
        assertEquals(cfg, back.manifest().training());
        assertEquals(state, back.manifest().state());
        assertEquals(0.75, back.manifest().metrics().get("valTop1"));
        assertEquals(model.parameters(), back.weights());
        assertEquals(model.optimizerState(), back.optimizer());
        assertTrue(back.optimizer().get("fc.weight").maxAbs() > 0);
        // restore into another model (another "backend") gives the same logits
        JavaLinearModel other = new JavaLinearModel(spec, 12345);
        back.restore(other);
        HostTensor clips = io.repflow.models.eval.Evaluator.stack(
                List.of(VAL.get(0).clip(), VAL.get(1).clip()));
        assertEquals(model.forward(Mode.EVAL, clips), other.forward(Mode.EVAL, clips));
        // a checkpoint of another spec is refused with both names
        JavaLinearModel wrong = new JavaLinearModel(JavaLinearModel.spec(CLIP, 4, 0), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> back.restore(wrong));
        assertTrue(e.getMessage().contains("linear-dropout") && e.getMessage().contains("'linear'"), e.getMessage());
        // no temporary directories left behind
        assertEquals(List.of("latest", "step-0000000008"), listing(dir));
    }

    @Test
    void storeKeepsTheNewest() throws IOException {
        ModelSpec spec = JavaLinearModel.spec(CLIP, 4, 0);
        CheckpointStore store = new CheckpointStore(dir, 2);
        JavaLinearModel model = new JavaLinearModel(spec, 3);
        Recording rec = new Recording(model, Long.MAX_VALUE);
        new Trainer(rec, config(3).withCheckpointEverySteps(4), store, "java").fit(TRAIN, null);
        assertEquals(List.of("latest", "step-0000000020", "step-0000000024"), listing(dir));
        assertEquals(
                "step-0000000024", store.latest().orElseThrow().getFileName().toString());
    }

    private static List<String> listing(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void assertSameState(CompiledModel a, CompiledModel b) {
        a.parameters()
                .forEach((k, v) -> assertArrayEquals(v.toArray(), b.parameter(k).toArray(), k));
        a.optimizerState()
                .forEach((k, v) ->
                        assertArrayEquals(v.toArray(), b.optimizerState().get(k).toArray(), "momentum " + k));
    }

    /** Records each step's hyper-parameters and weights, and poisons step {@code nanAt} (1-based) with NaN. */
    static final class Recording implements CompiledModel {
        final CompiledModel inner;
        final long nanAt;
        final List<SgdStep> steps = new ArrayList<>();
        final List<HostTensor> afterStep = new ArrayList<>();

        Recording(CompiledModel inner, long nanAt) {
            this.inner = inner;
            this.nanAt = nanAt;
        }

        @Override
        public ModelSpec spec() {
            return inner.spec();
        }

        @Override
        public HostTensor parameter(String name) {
            return inner.parameter(name);
        }

        @Override
        public void setParameter(String name, HostTensor value) {
            inner.setParameter(name, value);
        }

        @Override
        public HostTensor forward(Mode mode, HostTensor clips) {
            return inner.forward(mode, clips);
        }

        @Override
        public LossAndGradients gradients(Batch batch, long seed) {
            return inner.gradients(batch, seed);
        }

        @Override
        public StepResult trainStep(Batch batch, SgdStep step, long seed) {
            steps.add(step);
            StepResult r = inner.trainStep(batch, step, seed);
            afterStep.add(inner.parameter("fc.weight"));
            return steps.size() == nanAt ? new StepResult(Double.NaN, r.gradientNorm(), r.logits()) : r;
        }

        @Override
        public Map<String, HostTensor> optimizerState() {
            return inner.optimizerState();
        }

        @Override
        public void setOptimizerState(Map<String, HostTensor> state) {
            inner.setOptimizerState(state);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
