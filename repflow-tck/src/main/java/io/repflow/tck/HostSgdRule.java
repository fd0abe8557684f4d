package io.repflow.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.repflow.api.HostTensor;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spi.Batch;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.spi.LossAndGradients;
import io.repflow.models.spi.SgdStep;
import io.repflow.models.spi.StepResult;
import java.util.Map;

/**
 * For float32 engines that keep weights and momentum in the engine and update them there: each
 * {@code trainStep} must equal the host rule {@link SgdStep#apply} bit for bit, applied to the
 * weights, momentum and gradients ({@code gradients()} of the same batch and seed) the model had
 * before the step. Not a kit contract (the float64 reference rounds otherwise); engines' own tests
 * call it.
 */
public final class HostSgdRule {

    /** Momentum, weight decay and a flow rate unlike the base rate, so every term of the rule shows. */
    public static final SgdStep STEP = new SgdStep(0.05, 0.01, 0.9, 1e-3);

    private HostSgdRule() {}

    /**
     * Runs {@code steps} training steps of {@code model} (batches of two from {@code seed}), checking each
     * against the host rule; the first step starts from zero momentum, the later ones from the engine's.
     */
    public static void assertStepsFollowTheHostRule(String backendId, CompiledModel model, int steps, long seed) {
        ModelSpec spec = model.spec();
        Map<String, HostTensor> buf = model.optimizerState();
        for (int s = 0; s < steps; s++) {
            Batch batch = ModelFixtures.batch(spec, 2, seed + s);
            Map<String, HostTensor> w = model.parameters();
            LossAndGradients g = model.gradients(batch, seed + 100 + s);
            StepResult r = model.trainStep(batch, STEP, seed + 100 + s);
            String at = backendId + ", " + spec.name() + ", step " + (s + 1);
            assertEquals(g.loss(), r.loss(), at + ": loss of trainStep = loss of gradients()");
            assertEquals(
                    g.gradientNorm(),
                    r.gradientNorm(),
                    1e-9 * g.gradientNorm(),
                    at + ": gradient norm (float64 sum) of trainStep = that of gradients()");
            Map<String, HostTensor> after = model.parameters();
            Map<String, HostTensor> momentum = model.optimizerState();
            for (String p : spec.trainableParameters()) {
                SgdStep.Update u = STEP.apply(
                        spec.group(p), w.get(p), buf.get(p), g.gradients().get(p));
                assertArrayEquals(
                        u.weights().toArray(),
                        after.get(p).toArray(),
                        at + ": '" + p + "' (group " + spec.group(p) + ") differs from the host rule");
                assertArrayEquals(
                        u.momentum().toArray(),
                        momentum.get(p).toArray(),
                        at + ": momentum of '" + p + "' differs from the host rule");
            }
            buf = momentum;
        }
    }
}
