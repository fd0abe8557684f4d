package io.repflow.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.models.checkpoint.Checkpoint;
import io.repflow.models.checkpoint.CheckpointStore;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spi.Batch;
import io.repflow.models.spi.CompiledModel;
import io.repflow.reference.DoubleTensor;
import io.repflow.reference.ReferenceModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cross-backend model parity: the same spec and the same weights give the same logits on every
 * backend — checked against the float64 {@link ReferenceModel}, so all backends agree with each
 * other within twice these tolerances. Also: compiled models start from
 * {@code spec.initialParameters(seed)} exactly, parameters and buffers round-trip by name, TRAIN
 * forward passes update the running statistics like PyTorch, and a checkpoint written from this
 * backend restores the same logits bit for bit (design rules 5.1, 5.2, 5.5, 4.6, 4.7).
 *
 * <p>Requires {@code MODEL_COMPILER}; skipped (with the reason) when the backend does not declare it.
 */
public abstract class ModelParityContract extends ModelContract {

    /**
     * Logits after a few float32 convolutions, batch norms and TV-L1 iterations, relative to the
     * largest |logit|: float32 rounding and the odd TV-L1 threshold taken the other way stay well inside.
     */
    public static final Tolerance LOGITS = Tolerance.scaled(2e-3, 2e-3);
    /** Running statistics after one TRAIN forward pass. */
    public static final Tolerance BUFFERS = Tolerance.scaled(1e-3, 1e-3);

    protected static final int BATCH = 2;
    protected static final long SEED = 20190616L;

    protected ModelParityContract(String backendId) {
        super(backendId);
    }

    static Stream<String> specNames() {
        return ModelFixtures.specs().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specNames")
    public void startsFromTheSpecsInitialParameters(String name) {
        ModelSpec spec = ModelFixtures.specs().get(name);
        try (CompiledModel model = compile(spec, SEED)) {
            assertEquals(spec, model.spec(), backendId() + ": compiled spec");
            assertEquals(
                    spec.parameterShapes(),
                    model.parameterShapes(),
                    backendId() + ": parameter names and shapes of " + name);
            spec.initialParameters(SEED)
                    .forEach((k, v) -> assertEquals(
                            v,
                            model.parameter(k),
                            backendId() + ": initial value of '" + k + "' in " + name
                                    + " (ModelSpec.initialParameters(seed))"));
            spec.trainableParameters()
                    .forEach(k -> assertEquals(
                            0f,
                            model.optimizerState().get(k).maxAbs(),
                            backendId() + ": momentum buffer of '" + k + "' must start at 0"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specNames")
    public void parametersAndBuffersRoundTripByName(String name) {
        ModelSpec spec = ModelFixtures.specs().get(name);
        Map<String, HostTensor> weights = ModelFixtures.randomised(spec, SEED + 1);
        try (CompiledModel model = compile(spec, SEED)) {
            model.setParameters(weights);
            weights.forEach((k, v) ->
                    assertEquals(v, model.parameter(k), backendId() + ": '" + k + "' after setParameter in " + name));
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> model.parameter("no.such.weight"));
            assertTrue(e.getMessage().contains("no.such.weight"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specNames")
    public void evalLogitsMatchTheReference(String name) {
        ModelSpec spec = ModelFixtures.specs().get(name);
        Map<String, HostTensor> weights = ModelFixtures.randomised(spec, SEED + 2);
        Batch batch = ModelFixtures.batch(spec, BATCH, SEED + 3);
        try (CompiledModel model = compile(spec, SEED)) {
            model.setParameters(weights);
            HostTensor logits = model.forward(Mode.EVAL, batch.clips());
            DoubleTensor expected =
                    new ReferenceModel(spec, weights).forward(Mode.EVAL, DoubleTensor.of(batch.clips()));
            LOGITS.assertClose(
                    subject("evalLogitsMatchTheReference", batch.clips().shape(), SEED + 2, name),
                    "EVAL logits",
                    logits,
                    expected);
            // EVAL changes nothing
            weights.forEach((k, v) ->
                    assertEquals(v, model.parameter(k), backendId() + ": EVAL forward changed '" + k + "' in " + name));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specNames")
    public void trainForwardMatchesTheReferenceAndUpdatesRunningStatistics(String name) {
        ModelSpec spec = ModelFixtures.specs().get(name);
        Map<String, HostTensor> weights = ModelFixtures.randomised(spec, SEED + 4);
        Batch batch = ModelFixtures.batch(spec, BATCH, SEED + 5);
        try (CompiledModel model = compile(spec, SEED)) {
            model.setParameters(weights);
            HostTensor logits = model.forward(Mode.TRAIN, batch.clips());
            ReferenceModel reference = new ReferenceModel(spec, weights);
            DoubleTensor expected = reference.forward(Mode.TRAIN, DoubleTensor.of(batch.clips()));
            Subject subject =
                    subject("trainForwardMatchesTheReference", batch.clips().shape(), SEED + 4, name);
            LOGITS.assertClose(subject, "TRAIN logits", logits, expected);
            for (String buffer : spec.buffers()) {
                BUFFERS.assertClose(
                        subject,
                        buffer + " after one TRAIN forward",
                        model.parameter(buffer),
                        reference.parameter(buffer));
            }
        }
    }

    @Test
    public void resnet18WithFlowMatchesTheReference() {
        ModelSpec spec = ModelFixtures.resnet18WithFlow();
        Map<String, HostTensor> weights = ModelFixtures.randomised(spec, SEED + 6);
        Batch batch = ModelFixtures.batch(spec, BATCH, SEED + 7);
        try (CompiledModel model = compile(spec, SEED)) {
            model.setParameters(weights);
            LOGITS.assertClose(
                    subject("resnet18WithFlowMatchesTheReference", batch.clips().shape(), SEED + 6, spec.name()),
                    "EVAL logits",
                    model.forward(Mode.EVAL, batch.clips()),
                    new ReferenceModel(spec, weights).forward(Mode.EVAL, DoubleTensor.of(batch.clips())));
        }
    }

    @Test
    public void checkpointsRestoreTheSameLogits() throws IOException {
        ModelSpec spec = ModelFixtures.specs().get("2d-residual-repflow-add");
        Batch batch = ModelFixtures.batch(spec, BATCH, SEED + 8);
        Path dir = Files.createTempDirectory("repflow-tck-checkpoint");
        try (CompiledModel model = compile(spec, SEED);
                CompiledModel other = compile(spec, SEED + 99)) {
            model.setParameters(ModelFixtures.randomised(spec, SEED + 9));
            Path written = new CheckpointStore(dir, 1).save(Checkpoint.of(model, null, null, Map.of(), backendId()));
            Checkpoint loaded = CheckpointStore.load(written);
            loaded.restore(other);
            assertEquals(
                    model.forward(Mode.EVAL, batch.clips()),
                    other.forward(Mode.EVAL, batch.clips()),
                    backendId() + ": logits after restoring a checkpoint written by the same backend");
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }
}
