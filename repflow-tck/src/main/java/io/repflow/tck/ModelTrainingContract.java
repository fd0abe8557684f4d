package io.repflow.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spi.Batch;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.spi.LossAndGradients;
import io.repflow.models.spi.SgdStep;
import io.repflow.models.spi.StepResult;
import io.repflow.reference.DoubleTensor;
import io.repflow.reference.ReferenceModel;
import io.repflow.spi.Capability;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The training half of the model-compiler SPI: loss and gradients of every trainable parameter
 * against the float64 reference; {@code gradients} is pure; {@code trainStep} applies exactly the
 * documented SGD update (momentum, weight decay, the flow group's scaled rate) and updates running
 * statistics once; steps are deterministic for a seed; exporting and importing the momentum
 * buffers resumes a run bit for bit (design rules 5.3, 5.4).
 *
 * <p>Requires {@code MODEL_COMPILER} and {@code TRAINING}; skipped (with the reason) otherwise.
 */
public abstract class ModelTrainingContract extends ModelContract {

    /** Mean cross-entropy, relative. */
    public static final double LOSS_RTOL = 1e-3;
    /** Parameter gradients sum over the batch and pass TV-L1 thresholds: relative to each tensor's largest |gradient|. */
    public static final Tolerance GRADIENT = Tolerance.scaled(2e-2, 1e-2);
    /**
     * The least scale of a parameter's gradient, as a fraction of the largest gradient of the model:
     * DJL float32 gave 1.3e-8 for a bias gradient that is 2.5e-17 in float64 (zero in exact arithmetic).
     */
    public static final double GRADIENT_FLOOR = 1e-4;
    /** One SGD update recomputed from the model's own gradients, in float32. */
    public static final Tolerance UPDATE = Tolerance.scaled(1e-5, 1e-5);

    protected static final long SEED = 1_000_003L;
    private static final SgdStep STEP = new SgdStep(0.05, 0.01, 0.9, 1e-3);

    protected ModelTrainingContract(String backendId) {
        super(backendId);
    }

    static Stream<String> specNames() {
        return ModelFixtures.specs().keySet().stream();
    }

    private void requireTraining() {
        optional(Capability.TRAINING, "training");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specNames")
    public void lossAndGradientsMatchTheReference(String name) {
        requireTraining();
        ModelSpec spec = ModelFixtures.specs().get(name);
        Map<String, HostTensor> weights = ModelFixtures.randomised(spec, SEED + 1);
        Batch batch = ModelFixtures.batch(spec, 3, SEED + 2);
        try (CompiledModel model = compile(spec, SEED)) {
            model.setParameters(weights);
            LossAndGradients actual = model.gradients(batch, 5);
            ReferenceModel.LossGradients expected =
                    new ReferenceModel(spec, weights).lossAndGradients(DoubleTensor.of(batch.clips()), batch.labels());
            Subject subject =
                    subject("lossAndGradientsMatchTheReference", batch.clips().shape(), SEED + 1, name);
            assertEquals(expected.loss(), actual.loss(), LOSS_RTOL * Math.abs(expected.loss()), subject + ": loss");
            assertEquals(
                    spec.trainableParameters(),
                    actual.gradients().keySet(),
                    subject + ": gradients are for exactly the trainable parameters");
            ModelParityContract.LOGITS.assertClose(subject, "TRAIN logits", actual.logits(), expected.logits());
            // a parameter whose gradient is zero in exact arithmetic (a conv bias before batch norm) is held to the
            // size of the others
            double floor = 0;
            for (String p : spec.trainableParameters()) {
                for (double v : expected.gradients().get(p).data()) {
                    floor = Math.max(floor, GRADIENT_FLOOR * Math.abs(v));
                }
            }
            for (String p : spec.trainableParameters()) {
                GRADIENT.assertClose(
                        subject,
                        "gradient of " + p,
                        actual.gradients().get(p),
                        expected.gradients().get(p),
                        floor);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specNames")
    public void gradientsArePure(String name) {
        requireTraining();
        ModelSpec spec = ModelFixtures.specs().get(name);
        Batch batch = ModelFixtures.batch(spec, 2, SEED + 3);
        try (CompiledModel model = compile(spec, SEED)) {
            model.setParameters(ModelFixtures.randomised(spec, SEED + 4));
            Map<String, HostTensor> before = model.parameters();
            Map<String, HostTensor> momentum = model.optimizerState();
            LossAndGradients first = model.gradients(batch, 11);
            assertEquals(
                    before,
                    model.parameters(),
                    backendId() + ": gradients() changed parameters or running statistics of " + name);
            assertEquals(
                    momentum,
                    model.optimizerState(),
                    backendId() + ": gradients() changed momentum buffers of " + name);
            LossAndGradients again = model.gradients(batch, 11);
            assertEquals(
                    first.loss(),
                    again.loss(),
                    backendId() + ": same batch, seed and state must give the same loss (" + name + ")");
            first.gradients()
                    .forEach((k, v) -> assertEquals(
                            v,
                            again.gradients().get(k),
                            backendId() + ": same batch, seed and state must give the same gradient of '" + k + "' ("
                                    + name + ")"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specNames")
    public void trainStepAppliesTheDocumentedSgdUpdate(String name) {
        requireTraining();
        ModelSpec spec = ModelFixtures.specs().get(name);
        Batch b1 = ModelFixtures.batch(spec, 2, SEED + 5);
        Batch b2 = ModelFixtures.batch(spec, 2, SEED + 6);
        Map<String, HostTensor> w0 = ModelFixtures.randomised(spec, SEED + 7);
        try (CompiledModel model = compile(spec, SEED);
                CompiledModel statsOnly = compile(spec, SEED)) {
            model.setParameters(w0);
            statsOnly.setParameters(w0);
            LossAndGradients g1 = model.gradients(b1, 21);
            StepResult r1 = model.trainStep(b1, STEP, 21);
            Subject subject =
                    subject("trainStepAppliesTheDocumentedSgdUpdate", b1.clips().shape(), SEED + 7, name);
            assertEquals(g1.loss(), r1.loss(), 1e-5 * Math.abs(g1.loss()), subject + ": step loss = gradients() loss");
            assertEquals(
                    g1.gradientNorm(),
                    r1.gradientNorm(),
                    1e-4 * g1.gradientNorm(),
                    subject + ": step gradient norm = sqrt(sum g^2)");
            Map<String, double[]> buf = new java.util.LinkedHashMap<>();
            for (String p : spec.trainableParameters()) {
                double[] w = w0.get(p).toDoubleArray();
                double[] g = g1.gradients().get(p).toDoubleArray();
                double lr = STEP.learningRate(spec.group(p));
                double[] d = new double[w.length];
                double[] next = new double[w.length];
                for (int i = 0; i < w.length; i++) {
                    d[i] = g[i] + STEP.weightDecay() * w[i];
                    next[i] = w[i] - lr * d[i];
                }
                buf.put(p, d);
                UPDATE.assertClose(
                        subject,
                        "'" + p + "' after step 1 (group " + spec.group(p) + ")",
                        model.parameter(p),
                        new DoubleTensor(w0.get(p).shape(), next));
                UPDATE.assertClose(
                        subject,
                        "momentum of '" + p + "' after step 1",
                        model.optimizerState().get(p),
                        new DoubleTensor(w0.get(p).shape(), d));
            }
            // frozen parameters stay; running statistics move exactly as in one TRAIN forward pass
            statsOnly.forward(Mode.TRAIN, b1.clips());
            for (String p : spec.parameterShapes().keySet()) {
                if (spec.buffers().contains(p)) {
                    BUFFERS.assertClose(
                            subject,
                            p + " after one step (vs one TRAIN forward)",
                            model.parameter(p),
                            DoubleTensor.of(statsOnly.parameter(p)));
                } else if (!spec.trainableParameters().contains(p)) {
                    assertEquals(
                            w0.get(p), model.parameter(p), subject + ": frozen parameter '" + p + "' must not change");
                }
            }
            // second step: buf = momentum * buf + d
            Map<String, HostTensor> w1 = model.parameters();
            LossAndGradients g2 = model.gradients(b2, 22);
            model.trainStep(b2, STEP, 22);
            for (String p : spec.trainableParameters()) {
                double[] w = w1.get(p).toDoubleArray();
                double[] g = g2.gradients().get(p).toDoubleArray();
                double[] b = buf.get(p);
                double lr = STEP.learningRate(spec.group(p));
                double[] next = new double[w.length];
                for (int i = 0; i < w.length; i++) {
                    b[i] = STEP.momentum() * b[i] + g[i] + STEP.weightDecay() * w[i];
                    next[i] = w[i] - lr * b[i];
                }
                UPDATE.assertClose(
                        subject,
                        "'" + p + "' after step 2",
                        model.parameter(p),
                        new DoubleTensor(w1.get(p).shape(), next));
            }
        }
    }

    /** Running statistics after a step, compared with a TRAIN forward of the same weights. */
    private static final Tolerance BUFFERS = Tolerance.scaled(1e-5, 1e-5);

    @Test
    public void stepsAreDeterministicAndResumeExactlyFromExportedState() {
        requireTraining();
        ModelSpec spec = ModelFixtures.withDropout(ModelFixtures.specs().get("2d-residual-repflow-add"), 0.3);
        Batch[] batches = {
            ModelFixtures.batch(spec, 2, SEED + 8),
            ModelFixtures.batch(spec, 2, SEED + 9),
            ModelFixtures.batch(spec, 2, SEED + 10)
        };
        try (CompiledModel a = compile(spec, SEED);
                CompiledModel b = compile(spec, SEED);
                CompiledModel resumed = compile(spec, SEED + 1)) {
            for (int s = 0; s < batches.length; s++) {
                a.trainStep(batches[s], STEP, 100 + s);
                b.trainStep(batches[s], STEP, 100 + s);
                if (s == 0) {
                    // a run resumed from exported weights, buffers and momentum after step 1
                    resumed.setParameters(a.parameters());
                    resumed.setOptimizerState(a.optimizerState());
                } else {
                    resumed.trainStep(batches[s], STEP, 100 + s);
                }
            }
            for (String p : spec.parameterShapes().keySet()) {
                assertArrayEquals(
                        a.parameter(p).toArray(),
                        b.parameter(p).toArray(),
                        backendId() + ": two identical runs differ in '" + p
                                + "' (steps must be deterministic for a seed)");
                assertArrayEquals(
                        a.parameter(p).toArray(),
                        resumed.parameter(p).toArray(),
                        backendId() + ": run resumed from exported state differs in '" + p + "'");
            }
            a.optimizerState()
                    .forEach((k, v) -> assertArrayEquals(
                            v.toArray(),
                            resumed.optimizerState().get(k).toArray(),
                            backendId() + ": momentum of '" + k + "' after resuming"));
        }
    }
}
