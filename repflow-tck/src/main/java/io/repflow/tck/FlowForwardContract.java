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
import io.repflow.spi.FlowLayer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Required: the backend's flow layer computes design rules 2.1–2.10 — the float64 reference — on realistic
 * frame pairs, across shapes (N &gt; 1, C = 1 and 32, odd sizes, H != W), iterations 1…50, both
 * image gradients, non-default scalars and kernels; and it names, shapes and initialises its
 * parameters as design rules 2.2–2.4 say.
 */
public abstract class FlowForwardContract extends BackendContract {

    /**
     * float32 against float64 through up to 50 iterations: the largest error measured with an
     * independent float32 implementation was 1.1e-5 px at flows of 4 px.
     */
    public static final Tolerance FORWARD = Tolerance.of(2e-4, 1e-4);

    protected FlowForwardContract(String backendId) {
        super(backendId);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(3, 1, 17, 23, 1, ImageGradient.CENTRAL, 11L),
                Arguments.of(2, 1, 15, 15, 5, ImageGradient.CENTRAL, 12L),
                Arguments.of(2, 4, 9, 13, 10, ImageGradient.CENTRAL, 13L),
                Arguments.of(2, 32, 14, 11, 20, ImageGradient.CENTRAL, 14L),
                Arguments.of(1, 32, 7, 9, 50, ImageGradient.CENTRAL, 15L),
                Arguments.of(4, 3, 2, 5, 3, ImageGradient.CENTRAL, 16L),
                Arguments.of(2, 2, 28, 28, 20, ImageGradient.CENTRAL, 17L),
                Arguments.of(2, 3, 11, 16, 20, ImageGradient.SOBEL, 18L),
                Arguments.of(1, 32, 9, 7, 50, ImageGradient.SOBEL, 19L));
    }

    @ParameterizedTest(name = "[{0},{1},{2},{3}] iterations {4} {5}")
    @MethodSource("io.repflow.tck.FlowForwardContract#cases")
    public void matchesReferenceAcrossShapesAndIterations(
            int n, int c, int h, int w, int iterations, ImageGradient gradient, long seed) {
        FlowConfig config = FlowConfig.builder()
                .channels(c)
                .iterations(iterations)
                .imageGradient(gradient)
                .build();
        check(
                "matchesReferenceAcrossShapesAndIterations",
                config,
                SeededInputs.framePairs(seed, n, c, h, w),
                seed,
                false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.repflow.tck.FlowForwardContract#gradients")
    public void matchesReferenceWithNonDefaultScalarsFromConfig(ImageGradient gradient) {
        FlowConfig config = FlowConfig.builder()
                .channels(3)
                .iterations(15)
                .theta(0.45)
                .lambda(0.08)
                .tau(0.12)
                .imageGradient(gradient)
                .build();
        check(
                "matchesReferenceWithNonDefaultScalarsFromConfig",
                config,
                SeededInputs.framePairs(21, 2, 3, 13, 18),
                21,
                false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.repflow.tck.FlowForwardContract#gradients")
    public void matchesReferenceWithParametersSetByName(ImageGradient gradient) {
        FlowConfig config = FlowConfig.builder()
                .channels(4)
                .iterations(12)
                .imageGradient(gradient)
                .learnable(Learnable.all())
                .build();
        check("matchesReferenceWithParametersSetByName", config, SeededInputs.framePairs(22, 2, 4, 12, 15), 22, true);
    }

    static Stream<ImageGradient> gradients() {
        return Stream.of(ImageGradient.values());
    }

    @Test
    public void identicalFramesGiveZeroFlow() {
        FlowConfig config = FlowConfig.builder().channels(2).iterations(10).build();
        HostTensor f = SeededInputs.framePairs(23, 2, 2, 9, 10)[0];
        try (FlowLayer layer = backend().flowLayer(config)) {
            HostTensor u = layer.forward(f, f);
            DoubleTensor zero = new DoubleTensor(u.shape());
            Tolerance.of(1e-6, 0)
                    .assertClose(subject("identicalFramesGiveZeroFlow", f.shape(), 23, "F1 = F2"), "u", u, zero);
        }
    }

    @Test
    public void batchElementsAreIndependent() {
        FlowConfig config = FlowConfig.builder().channels(2).iterations(8).build();
        HostTensor[] f = SeededInputs.framePairs(24, 3, 2, 10, 12);
        try (FlowLayer layer = backend().flowLayer(config)) {
            HostTensor all = layer.forward(f[0], f[1]);
            int per = 2 * 10 * 12;
            for (int n = 0; n < 3; n++) {
                HostTensor u = layer.forward(element(f[0], n), element(f[1], n));
                double[] expected = new double[2 * per];
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = all.flat(n * 2 * per + i);
                }
                FORWARD.assertClose(
                        subject("batchElementsAreIndependent", f[0].shape(), 24, "element " + n),
                        "u",
                        u,
                        new DoubleTensor(u.shape(), expected));
            }
        }
    }

    @Test
    public void parametersAreNamedShapedAndInitialisedAsConfigured() {
        for (ImageGradient gradient : ImageGradient.values()) {
            FlowConfig config = FlowConfig.builder()
                    .channels(5)
                    .theta(0.4)
                    .lambda(0.2)
                    .tau(0.3)
                    .imageGradient(gradient)
                    .build();
            try (FlowLayer layer = backend().flowLayer(config)) {
                assertEquals(
                        config.parameterShapes(),
                        layer.parameterShapes(),
                        backendId() + ": parameter shapes for " + gradient);
                Set<String> learnable = new LinkedHashSet<>();
                for (FlowParameter p : FlowParameter.values()) {
                    if (config.learns(p)) {
                        learnable.add(p.key());
                    }
                    assertEquals(
                            p.initial(config),
                            layer.parameter(p.key()),
                            backendId() + ": initial value of '" + p.key() + "' for " + gradient);
                }
                assertEquals(
                        learnable,
                        layer.trainableParameters(),
                        backendId() + ": trainable parameters for the default learnable set");
            }
        }
    }

    @Test
    public void parametersRoundTripExactly() {
        FlowConfig config =
                FlowConfig.builder().channels(3).learnable(Learnable.none()).build();
        try (FlowLayer layer = backend().flowLayer(config)) {
            assertEquals(
                    Set.of(),
                    layer.trainableParameters(),
                    backendId() + ": nothing is trainable with an empty learnable set");
            long seed = 25;
            for (FlowParameter p : FlowParameter.values()) {
                HostTensor v = SeededInputs.perturb(seed++, p.initial(config), 0.1);
                layer.setParameter(p.key(), v);
                assertEquals(v, layer.parameter(p.key()), backendId() + ": '" + p.key() + "' read back after set");
            }
        }
    }

    private void check(String name, FlowConfig config, HostTensor[] f, long seed, boolean perturbParameters) {
        ReferenceFlow reference = new ReferenceFlow(config);
        try (FlowLayer layer = backend().flowLayer(config)) {
            StringBuilder detail = new StringBuilder("iterations " + config.iterations() + ", " + config.imageGradient()
                    + ", theta " + config.theta() + ", lambda " + config.lambda() + ", tau " + config.tau());
            if (perturbParameters) {
                long s = seed * 100;
                for (FlowParameter p : FlowParameter.values()) {
                    double std = switch (p) {
                        case THETA, LAMBDA, TAU -> 0.03;
                        case GX, GY -> 0.02;
                        default -> 0.1;
                    };
                    HostTensor v = SeededInputs.perturb(s++, p.initial(config), std);
                    layer.setParameter(p.key(), v);
                    reference.setParameter(p, v);
                }
                detail.append(", all parameters perturbed by name");
            }
            HostTensor u = layer.forward(Mode.EVAL, List.of(f[0], f[1]));
            DoubleTensor expected = reference.forward(DoubleTensor.of(f[0]), DoubleTensor.of(f[1]));
            FORWARD.assertClose(subject(name, f[0].shape(), seed, detail.toString()), "u", u, expected);
        }
    }

    private static HostTensor element(HostTensor t, int n) {
        Shape s = t.shape();
        int per = s.size() / s.dim(0);
        float[] d = new float[per];
        for (int i = 0; i < per; i++) {
            d[i] = t.flat(n * per + i);
        }
        return HostTensor.wrap(d, Shape.of(1, s.dim(1), s.dim(2), s.dim(3)));
    }
}
