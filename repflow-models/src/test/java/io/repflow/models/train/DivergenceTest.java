package io.repflow.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.FlowConfig;
import io.repflow.api.FusionMode;
import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.models.arch.MotionNet;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, item 4: a diverged run is stopped, named, and never checkpointed. Each case lets a scripted model
 * diverge at one step in one way (exploding but finite loss, a learned lambda that turns negative, a weight that
 * becomes infinite at the end of an epoch) and checks that the trainer stops at that step with the reason, and
 * that the latest checkpoint is the last good one.
 */
class DivergenceTest {

    private static final ClipShape CLIP = new ClipShape(4, 4, 8, 8);
    private static final ModelSpec SPEC = MotionNet.spec(
            CLIP, 4, 4, FlowConfig.builder().channels(4).iterations(2).build(), FusionMode.NONE);
    private static final ColourDataset TRAIN = new ColourDataset(32, 4, 4, 8, 1);

    @TempDir
    Path dir;

    private static TrainingConfig config() {
        return new TrainingConfig(3, 8, 0.1, 0.01, 0.9, 0, new LearningRateSchedule.Constant(), 3, 0, 2);
    }

    @Test
    void anExplodingLossStopsTheRunAtItsStep() throws IOException {
        ScriptedModel model = new ScriptedModel(SPEC, (step, m) -> {}, step -> step == 3 ? 4.1e10 : 1.2);
        CheckpointStore store = new CheckpointStore(dir, 5);
        TrainingDivergedException e = assertThrows(
                TrainingDivergedException.class, () -> new Trainer(model, config(), store, "java").fit(TRAIN, null));
        assertEquals(3, e.step());
        assertTrue(e.reason().startsWith("loss 4.100e+10 exceeds 138.6 (100 x ln 4 classes)"), e.reason());
        assertEquals(
                "step-0000000002", store.latest().orElseThrow().getFileName().toString());
    }

    @Test
    void aLearnedLambdaLeavingItsDomainStopsTheRunBeforeAnyCheckpointHoldsIt() throws IOException {
        String lambda = SPEC.flowScalars().stream()
                .filter(n -> n.endsWith(".lambda"))
                .findFirst()
                .orElseThrow();
        ScriptedModel model = new ScriptedModel(
                SPEC,
                (step, m) -> {
                    if (step == 4) {
                        m.values.put(lambda, HostTensor.scalar(-3.6e6f));
                    }
                },
                step -> 1.2);
        CheckpointStore store = new CheckpointStore(dir, 5);
        TrainingDivergedException e = assertThrows(
                TrainingDivergedException.class, () -> new Trainer(model, config(), store, "java").fit(TRAIN, null));
        assertEquals(4, e.step());
        assertEquals(
                "the learned " + lambda + " = -3600000.0 (must be > 0) left its domain", e.reason(), e.getMessage());
        Path kept = store.latest().orElseThrow();
        assertEquals("step-0000000002", kept.getFileName().toString());
        assertTrue(CheckpointStore.load(kept).weights().get(lambda).flat(0) > 0);
        try (var s = Files.list(dir)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().equals("step-0000000004")));
        }
    }

    @Test
    void aWeightThatIsNoLongerFiniteIsNeverCheckpointed() throws IOException {
        ScriptedModel model = new ScriptedModel(
                SPEC,
                (step, m) -> {
                    if (step == 8) { // the last step of epoch 1: the epoch-end checkpoint would hold it
                        m.values.put("fc.bias", HostTensor.of(new float[] {0, Float.POSITIVE_INFINITY, 0, 0}, 4));
                    }
                },
                step -> 1.2);
        CheckpointStore store = new CheckpointStore(dir, 10);
        TrainingDivergedException e = assertThrows(
                TrainingDivergedException.class,
                () -> new Trainer(model, config().withCheckpointEverySteps(0), store, "java").fit(TRAIN, null));
        assertEquals(8, e.step());
        assertTrue(e.reason().startsWith("fc.bias [4] holds Infinity at index [1]"), e.reason());
        assertEquals(
                "step-0000000004", store.latest().orElseThrow().getFileName().toString());
    }

    @Test
    void aCheckpointWithADivergedLambdaIsRefusedOnRestore() {
        Map<String, HostTensor> weights = new LinkedHashMap<>(SPEC.initialParameters(1));
        String lambda = SPEC.flowScalars().stream()
                .filter(n -> n.endsWith(".lambda"))
                .findFirst()
                .orElseThrow();
        weights.put(lambda, HostTensor.scalar(-3.6e6f));
        Checkpoint diverged = new Checkpoint(
                new io.repflow.models.checkpoint.CheckpointManifest(SPEC, null, null, Map.of(), "java", ""),
                weights,
                Map.of());
        ScriptedModel model = new ScriptedModel(SPEC, (step, m) -> {}, step -> 1.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> diverged.restore(model));
        assertTrue(
                e.getMessage().contains("holds unusable weights: the learned " + lambda + " = -3600000.0"),
                e.getMessage());
        assertEquals(SPEC.initialParameters(0).get(lambda), model.parameter(lambda), "nothing was set");
    }

    /** A model whose steps report scripted losses and whose weights a script changes after given steps. */
    static final class ScriptedModel implements CompiledModel {
        final ModelSpec spec;
        final Map<String, HostTensor> values;
        final BiConsumer<Long, ScriptedModel> afterStep;
        final java.util.function.LongToDoubleFunction loss;
        long steps;

        ScriptedModel(
                ModelSpec spec,
                BiConsumer<Long, ScriptedModel> afterStep,
                java.util.function.LongToDoubleFunction loss) {
            this.spec = spec;
            this.values = new LinkedHashMap<>(spec.initialParameters(0));
            this.afterStep = afterStep;
            this.loss = loss;
        }

        @Override
        public ModelSpec spec() {
            return spec;
        }

        @Override
        public HostTensor parameter(String name) {
            return values.get(name);
        }

        @Override
        public void setParameter(String name, HostTensor value) {
            values.put(name, value);
        }

        @Override
        public HostTensor forward(Mode mode, HostTensor clips) {
            return HostTensor.zeros(clips.dim(0), spec.numClasses());
        }

        @Override
        public LossAndGradients gradients(Batch batch, long seed) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StepResult trainStep(Batch batch, SgdStep step, long seed) {
            steps++;
            double l = loss.applyAsDouble(steps);
            afterStep.accept(steps, this);
            return new StepResult(l, 1.0, HostTensor.zeros(batch.labels().length, spec.numClasses()));
        }

        @Override
        public Map<String, HostTensor> optimizerState() {
            Map<String, HostTensor> m = new LinkedHashMap<>();
            spec.trainableParameters()
                    .forEach(n ->
                            m.put(n, HostTensor.zeros(spec.parameterShapes().get(n))));
            return m;
        }

        @Override
        public void setOptimizerState(Map<String, HostTensor> state) {}

        @Override
        public void close() {}
    }
}
