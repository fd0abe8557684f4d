package io.repflow.backend.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.BatchNormConfig;
import io.repflow.api.FlowConfig;
import io.repflow.api.FusionMode;
import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.RepFlowBlockConfig;
import io.repflow.models.spec.BatchNorm;
import io.repflow.models.spec.ClipShape;
import io.repflow.models.spec.Conv2d;
import io.repflow.models.spec.Conv3d;
import io.repflow.models.spec.Dropout;
import io.repflow.models.spec.Flatten;
import io.repflow.models.spec.GlobalAvgPool;
import io.repflow.models.spec.Linear;
import io.repflow.models.spec.MaxPool;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spec.Relu;
import io.repflow.models.spec.RepFlow;
import io.repflow.models.spec.Residual;
import io.repflow.models.spec.Sequential;
import io.repflow.models.spec.Size3;
import io.repflow.models.spec.TemporalMean;
import io.repflow.models.spi.Batch;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.spi.LossAndGradients;
import io.repflow.models.spi.ModelCompiler;
import io.repflow.models.spi.ModelCompilers;
import io.repflow.models.spi.SgdStep;
import io.repflow.models.spi.StepResult;
import io.repflow.reference.DoubleTensor;
import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.Backends;
import io.repflow.tck.Subject;
import io.repflow.tck.Tolerance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model compiler against an independent float64 PyTorch implementation of the same network
 * (src/test/python/model_reference.py wrote fixtures/model_small): EVAL and TRAIN logits, the loss,
 * every trainable gradient, running statistics after a TRAIN forward, and two SGD steps (momentum,
 * weight decay, flow parameters at 0.01x) against torch.optim.SGD with two parameter groups.
 */
class DjlModelCompilerTest {

    private static final Tolerance LOGITS = Tolerance.of(1e-4, 1e-4);
    private static final Tolerance GRADIENTS = Tolerance.scaled(1e-3, 1e-3);
    private static final Tolerance STATE = Tolerance.of(1e-5, 1e-4);

    private static Backend backend;
    private static Path fixtures;

    @BeforeAll
    static void open() throws URISyntaxException {
        backend = Backends.open(new DjlBackendProvider(), BackendConfig.DEFAULT);
        fixtures = Paths.get(DjlModelCompilerTest.class
                        .getResource("/fixtures/model_small/clips.npy")
                        .toURI())
                .getParent();
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    static ModelSpec spec(Dropout dropout) {
        RepFlowBlockConfig block = new RepFlowBlockConfig(
                8, FlowConfig.of(4).withIterations(5), 3, FusionMode.ADD, BatchNormConfig.DEFAULT);
        // mutable lists: the spec records' null checks call contains(null), which List.of rejects
        return new ModelSpec(
                "small",
                new ClipShape(3, 4, 12, 12),
                5,
                new Sequential(
                        "",
                        new ArrayList<>(Arrays.asList(
                                new Conv3d("stem", 3, 8, new Size3(1, 3, 3), Size3.of(1), new Size3(0, 1, 1), false),
                                new BatchNorm("bn", 8, BatchNormConfig.DEFAULT),
                                new Relu(),
                                new MaxPool(new Size3(1, 2, 2), new Size3(1, 2, 2), Size3.of(0)),
                                new RepFlow("rep_flow", block),
                                new Conv2d("conv", 8, 8, 3, 1, 1, true),
                                new Relu(),
                                dropout,
                                new Residual(
                                        "res",
                                        new ArrayList<>(List.of(
                                                new Conv3d(
                                                        "conv",
                                                        8,
                                                        6,
                                                        new Size3(1, 3, 3),
                                                        Size3.of(1),
                                                        new Size3(0, 1, 1),
                                                        false),
                                                new BatchNorm("bn", 6, BatchNormConfig.DEFAULT))),
                                        new ArrayList<>(List.of(new Conv3d(
                                                "conv", 8, 6, Size3.of(1), Size3.of(1), Size3.of(0), false)))),
                                new GlobalAvgPool(),
                                new TemporalMean(),
                                new Linear("fc", 6, 5),
                                new Flatten()))));
    }

    private static HostTensor npy(String name) {
        try {
            return HostTensor.readNpy(fixtures.resolve(name + ".npy"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CompiledModel compiled(ModelSpec spec) {
        ModelCompiler compiler = ModelCompilers.of(backend);
        CompiledModel model = compiler.compile(spec, 7);
        Map<String, HostTensor> weights = new HashMap<>();
        for (String name : spec.parameterShapes().keySet()) {
            weights.put(
                    name,
                    npy("w_" + name).reshape(spec.parameterShapes().get(name).dims()));
        }
        model.setParameters(weights);
        return model;
    }

    private static Batch batch() {
        float[] labels = npy("labels").toArray();
        return new Batch(npy("clips"), new int[] {(int) labels[0], (int) labels[1]});
    }

    private static Subject subject(String what) {
        return new Subject("djl", "model compiler " + what, io.repflow.api.Shape.of(2, 3, 4, 12, 12), 20261123, "");
    }

    private static void close(String what, Tolerance t, HostTensor actual, String fixture) {
        HostTensor expected = npy(fixture);
        t.assertClose(subject(what), fixture, actual, DoubleTensor.of(expected.reshape(actual.dims())));
    }

    @Test
    void evalLogitsMatchTorch() {
        try (CompiledModel model = compiled(spec(new Dropout(0.5)))) {
            close("EVAL forward", LOGITS, model.forward(Mode.EVAL, npy("clips")), "logits_eval");
        }
    }

    @Test
    void gradientsMatchTorchAndArePure() {
        ModelSpec spec = spec(new Dropout(0.0));
        try (CompiledModel model = compiled(spec)) {
            Map<String, HostTensor> before = model.parameters();
            LossAndGradients g = model.gradients(batch(), 11);
            assertEquals(npy("loss").flat(0), g.loss(), 1e-5, "loss");
            close("TRAIN logits", LOGITS, g.logits(), "logits_train");
            assertEquals(spec.trainableParameters(), g.gradients().keySet());
            for (String name : spec.trainableParameters()) {
                close("gradient of " + name, GRADIENTS, g.gradients().get(name), "g_" + name);
            }
            assertEquals(before, model.parameters(), "gradients() changed the parameters or running statistics");
            model.forward(Mode.TRAIN, npy("clips"));
            for (String name : spec.buffers()) {
                close("running statistic " + name, STATE, model.parameter(name), "rs_" + name);
            }
        }
    }

    @Test
    void twoSgdStepsMatchTorchOptimSgd() {
        ModelSpec spec = spec(new Dropout(0.0));
        try (CompiledModel model = compiled(spec)) {
            SgdStep step = new SgdStep(0.05, SgdStep.PAPER_FLOW_RATE_SCALE, SgdStep.PAPER_MOMENTUM, 1e-3);
            float[] losses = npy("losses").toArray();
            StepResult first = model.trainStep(batch(), step, 1);
            StepResult second = model.trainStep(batch(), step, 2);
            assertEquals(losses[0], first.loss(), 1e-5);
            assertEquals(losses[1], second.loss(), 1e-5);
            for (String name : spec.parameterShapes().keySet()) {
                close("after two steps: " + name, STATE, model.parameter(name), "s2_" + name);
            }
            assertNotEquals(
                    npy("w_rep_flow.flow.theta").flat(0),
                    model.parameter("rep_flow.flow.theta").flat(0));
            assertEquals(
                    npy("w_rep_flow.flow.gx").flat(0),
                    model.parameter("rep_flow.flow.gx").flat(0),
                    "a frozen kernel moved");
        }
    }

    @Test
    void dropoutIsSeededAndOnlyInTraining() {
        try (CompiledModel model = compiled(spec(new Dropout(0.5)))) {
            LossAndGradients a = model.gradients(batch(), 5);
            LossAndGradients b = model.gradients(batch(), 5);
            LossAndGradients c = model.gradients(batch(), 6);
            assertArrayEquals(a.logits().toArray(), b.logits().toArray(), "same seed, same masks, same logits");
            assertTrue(Math.abs(a.loss() - c.loss()) > 1e-6, "another seed draws other masks");
            assertArrayEquals(
                    model.forward(Mode.EVAL, npy("clips")).toArray(),
                    model.forward(Mode.EVAL, npy("clips")).toArray());
        }
    }

    @Test
    void optimizerStateRoundTripsAndResumesExactly() {
        ModelSpec spec = spec(new Dropout(0.3));
        SgdStep step = SgdStep.paper(0.02, 1e-4);
        try (CompiledModel a = compiled(spec);
                CompiledModel b = compiled(spec)) {
            a.trainStep(batch(), step, 1);
            b.setParameters(a.parameters());
            b.setOptimizerState(a.optimizerState());
            StepResult ra = a.trainStep(batch(), step, 2);
            StepResult rb = b.trainStep(batch(), step, 2);
            assertEquals(ra.loss(), rb.loss(), 0.0);
            assertEquals(a.parameters(), b.parameters(), "a resumed model must continue bit for bit");
        }
    }
}
