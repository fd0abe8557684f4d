package io.repflow.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.repflow.api.FlowConfig;
import io.repflow.api.FlowParameter;
import io.repflow.api.HostTensor;
import io.repflow.api.ImageGradient;
import io.repflow.api.Learnable;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import io.repflow.reference.DoubleTensor;
import io.repflow.reference.ReferenceFlow;
import io.repflow.reference.SeededInputs;
import io.repflow.spi.Capability;
import io.repflow.spi.FlowLayer;
import io.repflow.spi.Gradients;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Held to backends that declare {@link Capability#GRADIENTS}: the gradients of F1, F2 and of every
 * learnable parameter equal the reference's exact reverse pass (design rule 2.11); only learnable parameters get
 * them (rules 2.3, 2.12).
 */
public abstract class FlowGradientContract extends BackendContract {

    /** Inputs whose thresholding decisions are at least this far (relative) from the threshold. */
    public static final double MIN_BRANCH_MARGIN = 1e-3;
    /**
     * Element-wise, for inputs away from the thresholds. DJL/PyTorch float32 (whose float64 run of the
     * same ops equals the reference to 1e-12) was measured at 1.3e-4 of the largest gradient with SOBEL
     * and 10 iterations; an independent torch float32 implementation at 1.2e-5 with CENTRAL.
     */
    public static final Tolerance GRADIENT = Tolerance.scaled(4e-4, 1e-3);
    /**
     * Input gradients at layer scale: float32 may take the other side of a threshold at a few
     * pixels (measured: up to 5e-4 of the elements with an independent float32 implementation).
     */
    public static final Tolerance INPUT_GRADIENT_AT_SCALE =
            Tolerance.scaled(1e-3, 1e-3).allowingOutliers(2e-3);
    /** Parameter gradients at layer scale (sums over every pixel; measured up to 2e-3 of the largest). */
    public static final Tolerance PARAMETER_GRADIENT_AT_SCALE = Tolerance.scaled(2e-2, 1e-2);

    protected FlowGradientContract(String backendId) {
        super(backendId);
    }

    static Stream<Arguments> smallCases() {
        return Stream.of(
                Arguments.of(1, ImageGradient.CENTRAL, 31L),
                Arguments.of(5, ImageGradient.CENTRAL, 32L),
                Arguments.of(10, ImageGradient.CENTRAL, 33L),
                Arguments.of(5, ImageGradient.SOBEL, 34L),
                Arguments.of(10, ImageGradient.SOBEL, 35L));
    }

    @ParameterizedTest(name = "iterations {0} {1}")
    @MethodSource("io.repflow.tck.FlowGradientContract#smallCases")
    public void gradientsMatchReferenceAwayFromThresholds(int iterations, ImageGradient gradient, long baseSeed) {
        optional(Capability.GRADIENTS, "the flow layer's backward pass");
        FlowConfig config = FlowConfig.builder()
                .channels(2)
                .iterations(iterations)
                .imageGradient(gradient)
                .learnable(Learnable.all())
                .build();
        ReferenceFlow reference = new ReferenceFlow(config);
        long s = baseSeed * 100;
        for (FlowParameter p : FlowParameter.values()) {
            reference.setParameter(
                    p,
                    SeededInputs.perturb(s++, p.initial(config), p.group() == Learnable.IMAGE_GRADIENT ? 0.02 : 0.03));
        }
        // the first seed whose inputs keep every decision clear of its threshold
        long seed = baseSeed;
        HostTensor[] f = SeededInputs.framePairs(seed, 2, 2, 6, 7);
        while (reference.branchMargin(DoubleTensor.of(f[0]), DoubleTensor.of(f[1])) < MIN_BRANCH_MARGIN) {
            seed++;
            if (seed > baseSeed + 500) {
                throw new IllegalStateException(
                        "TCK: no inputs with branch margin " + MIN_BRANCH_MARGIN + " near seed " + baseSeed);
            }
            f = SeededInputs.framePairs(seed, 2, 2, 6, 7);
        }
        compare("gradientsMatchReferenceAwayFromThresholds", config, reference, f, seed, GRADIENT, GRADIENT);
    }

    static Stream<Arguments> layerCases() {
        return Stream.of(Arguments.of(2, 32, 14, 11, 20, 41L), Arguments.of(1, 8, 28, 28, 50, 42L));
    }

    @ParameterizedTest(name = "[{0},{1},{2},{3}] iterations {4}")
    @MethodSource("io.repflow.tck.FlowGradientContract#layerCases")
    @Tag(FULL_SIZE)
    public void gradientsMatchReferenceAtLayerScale(int n, int c, int h, int w, int iterations, long seed) {
        optional(Capability.GRADIENTS, "the flow layer's backward pass");
        FlowConfig config = FlowConfig.builder()
                .channels(c)
                .iterations(iterations)
                .learnable(Learnable.all())
                .build();
        compare(
                "gradientsMatchReferenceAtLayerScale",
                config,
                new ReferenceFlow(config),
                SeededInputs.framePairs(seed, n, c, h, w),
                seed,
                INPUT_GRADIENT_AT_SCALE,
                PARAMETER_GRADIENT_AT_SCALE);
    }

    @Test
    public void onlyLearnableParametersGetGradients() {
        optional(Capability.GRADIENTS, "the flow layer's backward pass");
        HostTensor[] f = SeededInputs.framePairs(43, 1, 2, 6, 6);
        HostTensor gradU = SeededInputs.normal(44, Shape.of(1, 4, 6, 6), 1);
        List<Set<Learnable>> sets = new java.util.ArrayList<>();
        sets.add(Learnable.defaults());
        sets.add(Learnable.none());
        for (Learnable l : Learnable.values()) {
            sets.add(EnumSet.of(l));
        }
        for (Set<Learnable> learnable : sets) {
            FlowConfig config = FlowConfig.builder()
                    .channels(2)
                    .iterations(3)
                    .learnable(learnable)
                    .build();
            Set<String> expected = new LinkedHashSet<>();
            for (FlowParameter p : FlowParameter.values()) {
                if (learnable.contains(p.group())) {
                    expected.add(p.key());
                }
            }
            try (FlowLayer layer = backend().flowLayer(config)) {
                assertEquals(
                        expected, layer.trainableParameters(), backendId() + ": trainable parameters for " + learnable);
                Gradients g = layer.backward(Mode.TRAIN, List.of(f[0], f[1]), gradU);
                assertEquals(expected, g.parameters().keySet(), backendId() + ": gradients returned for " + learnable);
                assertEquals(2, g.inputs().size(), backendId() + ": input gradients for " + learnable);
            }
        }
    }

    private void compare(
            String name,
            FlowConfig config,
            ReferenceFlow reference,
            HostTensor[] f,
            long seed,
            Tolerance inputs,
            Tolerance parameters) {
        Shape outShape = Shape.of(f[0].dim(0), 2 * f[0].dim(1), f[0].dim(2), f[0].dim(3));
        HostTensor gradU = SeededInputs.normal(seed + 7, outShape, 1);
        ReferenceFlow.FlowGradients expected =
                reference.backward(DoubleTensor.of(f[0]), DoubleTensor.of(f[1]), DoubleTensor.of(gradU));
        try (FlowLayer layer = backend().flowLayer(config)) {
            for (FlowParameter p : FlowParameter.values()) {
                layer.setParameter(p.key(), reference.parameter(p).toHost());
            }
            Gradients g = layer.backward(Mode.TRAIN, List.of(f[0], f[1]), gradU);
            Subject subject = subject(
                    name,
                    f[0].shape(),
                    seed,
                    "iterations " + config.iterations() + ", " + config.imageGradient() + ", all parameters learnable");
            inputs.assertClose(subject, "dL/dF1", g.input(0), expected.f1());
            inputs.assertClose(subject, "dL/dF2", g.input(1), expected.f2());
            for (FlowParameter p : FlowParameter.values()) {
                parameters.assertClose(
                        subject,
                        "dL/d" + p.key(),
                        g.parameter(p.key()),
                        expected.parameters().get(p.key()));
            }
        }
    }
}
