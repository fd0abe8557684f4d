package io.repflow.backend.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.repflow.api.FlowConfig;
import io.repflow.api.FlowParameter;
import io.repflow.api.HostTensor;
import io.repflow.api.ImageGradient;
import io.repflow.api.Learnable;
import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.Backends;
import io.repflow.spi.FlowLayer;
import io.repflow.spi.Gradients;
import io.repflow.tck.Subject;
import io.repflow.tck.Tolerance;
import io.repflow.tck.reference.DoubleTensor;
import io.repflow.tck.reference.ReferenceFlow;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DJL flow layer against the TCK's float64 reference (itself checked against torch float64
 * autograd): forward and the gradients of both inputs and of every learnable parameter.
 */
class DjlFlowLayerReferenceTest {

    /** float32 against float64 through up to 30 unrolled iterations. */
    static final Tolerance FORWARD = new Tolerance(2e-4, 1e-4);
    static final Tolerance GRADIENT = new Tolerance(2e-3, 2e-3);

    private static Backend backend;

    @BeforeAll
    static void open() {
        backend = Backends.open(new DjlBackendProvider(), BackendConfig.DEFAULT);
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(ImageGradient.CENTRAL, 2, 3, 9, 11, 7, 1L),
                Arguments.of(ImageGradient.CENTRAL, 1, 2, 5, 2, 4, 2L),
                Arguments.of(ImageGradient.CENTRAL, 1, 1, 12, 10, 30, 3L),
                Arguments.of(ImageGradient.SOBEL, 2, 2, 8, 6, 6, 4L),
                Arguments.of(ImageGradient.SOBEL, 1, 3, 7, 7, 20, 5L));
    }

    @ParameterizedTest(name = "{0} [{1},{2},{3},{4}] x{5}")
    @MethodSource("cases")
    void matchesTheFloat64Reference(ImageGradient gradient, int n, int c, int h, int w, int iterations, long seed) {
        FlowConfig config = FlowConfig.builder().channels(c).iterations(iterations).imageGradient(gradient)
                .learnable(Learnable.all()).build();
        Map<String, HostTensor> params = TestInputs.perturbedParameters(config, seed);
        HostTensor[] f = TestInputs.framePair(seed, n, c, h, w);
        HostTensor gradU = HostTensor.normal(seed + 99, 1f, n, 2 * c, h, w);

        ReferenceFlow reference = new ReferenceFlow(config);
        params.forEach((k, v) -> reference.setParameter(FlowParameter.fromKey(k), v));
        DoubleTensor expectedU = reference.forward(DoubleTensor.of(f[0]), DoubleTensor.of(f[1]));
        ReferenceFlow.FlowGradients expected = reference.backward(DoubleTensor.of(f[0]), DoubleTensor.of(f[1]), DoubleTensor.of(gradU));

        try (FlowLayer layer = backend.flowLayer(config)) {
            layer.setParameters(params);
            Subject subject = new Subject("djl", "flow layer", f[0].shape(), seed, gradient + ", " + iterations + " iterations");
            HostTensor u = layer.forward(f[0], f[1]);
            FORWARD.assertClose(subject, "u", u, expectedU);
            Gradients g = layer.backward(f[0], f[1], gradU);
            GRADIENT.assertClose(subject, "dL/dF1", g.input(0), expected.f1());
            GRADIENT.assertClose(subject, "dL/dF2", g.input(1), expected.f2());
            assertEquals(config.parameterShapes().keySet(), g.parameters().keySet());
            for (FlowParameter p : FlowParameter.values()) {
                GRADIENT.assertClose(subject, "dL/d" + p.key(), g.parameter(p.key()), expected.parameters().get(p.key()));
            }
        }
    }
}
