package io.repflow.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.BatchNormConfig;
import io.repflow.api.FlowBlockConfig;
import io.repflow.api.FlowConfig;
import io.repflow.api.FlowConvFlowConfig;
import io.repflow.api.FlowParameter;
import io.repflow.api.FusionConfig;
import io.repflow.api.FusionMode;
import io.repflow.api.HostTensor;
import io.repflow.api.ImageGradient;
import io.repflow.api.Learnable;
import io.repflow.api.Mode;
import io.repflow.api.ParameterInit;
import io.repflow.api.RepFlowBlockConfig;
import io.repflow.api.Shape;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-written reverse passes against central finite differences of the loss
 * {@code L = sum(output * G)} in float64, on inputs whose thresholding decisions stay clear of
 * their thresholds (so the loss is smooth where it is probed). Error measure: the largest
 * |finite difference - analytic| over a tensor, divided by the tensor's largest |analytic|.
 */
class FiniteDifferenceTest {

    private static final Logger LOG = LoggerFactory.getLogger(FiniteDifferenceTest.class);
    private static final double MAX_RELATIVE_ERROR = 1e-6;

    @ParameterizedTest
    @EnumSource(ImageGradient.class)
    void flowLayerGradients(ImageGradient gradient) {
        FlowConfig config = FlowConfig.builder()
                .channels(2)
                .iterations(6)
                .imageGradient(gradient)
                .learnable(Learnable.all())
                .build();
        ReferenceFlow flow = new ReferenceFlow(config);
        long s = 700;
        for (FlowParameter p : FlowParameter.values()) {
            flow.setParameter(
                    p,
                    SeededInputs.perturb(s++, p.initial(config), p.group() == Learnable.IMAGE_GRADIENT ? 0.02 : 0.03));
        }
        long seed = 71;
        HostTensor[] f = SeededInputs.framePairs(seed, 2, 2, 5, 6);
        while (flow.branchMargin(DoubleTensor.of(f[0]), DoubleTensor.of(f[1])) < 1e-2) {
            f = SeededInputs.framePairs(++seed, 2, 2, 5, 6);
        }
        DoubleTensor f1 = DoubleTensor.of(f[0]);
        DoubleTensor f2 = DoubleTensor.of(f[1]);
        DoubleTensor g = DoubleTensor.of(SeededInputs.normal(72, Shape.of(2, 4, 5, 6), 1));
        ReferenceFlow.FlowGradients analytic = flow.backward(f1, f2, g);
        ToDoubleFunction<Void> loss = v -> flow.forward(f1, f2).dot(g);
        check(gradient + " dL/dF1", f1, analytic.f1(), loss, 1e-6);
        check(gradient + " dL/dF2", f2, analytic.f2(), loss, 1e-6);
        for (FlowParameter p : FlowParameter.values()) {
            DoubleTensor value = flow.parameter(p);
            check(
                    gradient + " dL/d" + p.key(),
                    value,
                    analytic.parameters().get(p.key()),
                    v -> {
                        flow.setParameter(p, value);
                        return flow.forward(f1, f2).dot(g);
                    },
                    1e-6);
        }
    }

    @ParameterizedTest
    @EnumSource(FusionMode.class)
    void fusionGradients(FusionMode mode) {
        FusionConfig config = new FusionConfig(mode, 3);
        ReferenceFusion fusion =
                new ReferenceFusion(config, ParameterInit.initialise(config.parameterShapes(), p -> null, 73));
        List<DoubleTensor> inputs = mode == FusionMode.LATE
                ? List.of(
                        DoubleTensor.of(SeededInputs.normal(74, Shape.of(2, 5), 1)),
                        DoubleTensor.of(SeededInputs.normal(75, Shape.of(2, 5), 1)))
                : List.of(
                        DoubleTensor.of(SeededInputs.clip(74, 2, 3, 4, 3, 4)),
                        DoubleTensor.of(SeededInputs.clip(75, 2, 3, 3, 3, 4)));
        checkModule("fusion " + mode, fusion, Mode.TRAIN, inputs, 76);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void repFlowBlockGradients(Mode mode) {
        for (FusionMode fusion : new FusionMode[] {FusionMode.CONCAT, FusionMode.LAYER_MULTIPLY, FusionMode.NONE}) {
            FlowBlockConfig config = new RepFlowBlockConfig(
                    3,
                    FlowConfig.builder()
                            .channels(2)
                            .iterations(3)
                            .learnable(Learnable.all())
                            .build(),
                    3,
                    fusion,
                    BatchNormConfig.DEFAULT);
            ReferenceFlowBlock block = new ReferenceFlowBlock(config, config.initialParameters(77));
            randomiseStatistics(block, config);
            checkModule(
                    "rep-flow block " + fusion + " " + mode,
                    block,
                    mode,
                    List.of(DoubleTensor.of(SeededInputs.clip(78, 2, 3, 3, 4, 5))),
                    79);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void flowConvFlowGradients(Mode mode) {
        FlowConfig flow = FlowConfig.builder().channels(2).iterations(3).build();
        FlowBlockConfig config = new FlowConvFlowConfig(3, flow, flow, 3, 1, FusionMode.ADD, BatchNormConfig.DEFAULT);
        ReferenceFlowBlock block = new ReferenceFlowBlock(config, config.initialParameters(80));
        randomiseStatistics(block, config);
        checkModule("FcF " + mode, block, mode, List.of(DoubleTensor.of(SeededInputs.clip(81, 2, 3, 4, 4, 4))), 82);
    }

    private static void randomiseStatistics(ReferenceFlowBlock block, FlowBlockConfig config) {
        long s = 90;
        for (String b : config.buffers()) {
            DoubleTensor v = DoubleTensor.of(
                    SeededInputs.normal(s++, config.parameterShapes().get(b), 0.3));
            if (b.endsWith("running_var")) {
                for (int i = 0; i < v.size(); i++) {
                    v.set(i, 1 + Math.abs(v.get(i)));
                }
            }
            block.setParameter64(b, v);
        }
    }

    /** Every input and trainable parameter of a reference module; running statistics are not updated by the probes. */
    private static void checkModule(
            String what, ReferenceModule module, Mode mode, List<DoubleTensor> inputs, long seed) {
        DoubleTensor out = module.evaluate64(mode, inputs);
        DoubleTensor g = DoubleTensor.of(SeededInputs.normal(seed, out.shape(), 1));
        ReferenceModule.Gradients64 analytic = module.backward64(mode, inputs, g);
        ToDoubleFunction<Void> loss = v -> module.evaluate64(mode, inputs).dot(g);
        for (int i = 0; i < inputs.size(); i++) {
            check(what + " input " + i, inputs.get(i), analytic.inputs().get(i), loss, 1e-6);
        }
        for (Map.Entry<String, DoubleTensor> e : analytic.parameters().entrySet()) {
            DoubleTensor value = module.parameter64(e.getKey());
            check(
                    what + " '" + e.getKey() + "'",
                    value,
                    e.getValue(),
                    v -> {
                        module.setParameter64(e.getKey(), value);
                        return module.evaluate64(mode, inputs).dot(g);
                    },
                    1e-6);
        }
    }

    /** Central differences of {@code loss} over every element of {@code x} (perturbed in place, then restored). */
    private static void check(
            String what, DoubleTensor x, DoubleTensor analytic, ToDoubleFunction<Void> loss, double h) {
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < x.size(); i++) {
            scale = Math.max(scale, Math.abs(analytic.get(i)));
        }
        for (int i = 0; i < x.size(); i++) {
            double v = x.get(i);
            double step = h * Math.max(1, Math.abs(v));
            x.set(i, v + step);
            double up = loss.applyAsDouble(null);
            x.set(i, v - step);
            double down = loss.applyAsDouble(null);
            x.set(i, v);
            double fd = (up - down) / (2 * step);
            worst = Math.max(worst, Math.abs(fd - analytic.get(i)));
        }
        // one more evaluation at the unperturbed point leaves the tape as the caller built it
        var unused = loss.applyAsDouble(null);
        double relative = scale == 0 ? worst : worst / scale;
        LOG.info(
                "finite differences, {}: max |fd - analytic| = {} (relative {}), largest |analytic| {}",
                what,
                worst,
                relative,
                scale);
        assertTrue(
                relative <= MAX_RELATIVE_ERROR || worst <= 1e-9,
                what + ": finite differences differ from the reverse pass by " + worst + " (relative " + relative
                        + ", largest |analytic| " + scale + ")");
    }
}
