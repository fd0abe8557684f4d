package io.repflow.backend.djl.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.repflow.api.FlowConfig;
import io.repflow.api.FlowParameter;
import io.repflow.api.HostTensor;
import io.repflow.api.ImageGradient;
import io.repflow.api.Learnable;
import io.repflow.reference.DoubleTensor;
import io.repflow.reference.ReferenceFlow;
import io.repflow.reference.SeededInputs;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DJL formulation of the flow layer (one clamp instead of three branches, grouped convolutions
 * for D and div under autograd, shifted products in the in-place inference path, folded scalars, the
 * p-border invariant) run in float64 equals the TCK's float64 reference to 1e-9 of scale in u and in
 * every gradient: so every float32 difference is rounding, not a difference in the algorithm.
 */
class DjlFlowMathFloat64Test {

    private static final double TOL = 1e-9;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(ImageGradient.CENTRAL, 2, 3, 9, 11, 7, 1L),
                Arguments.of(ImageGradient.CENTRAL, 1, 2, 5, 2, 4, 2L),
                Arguments.of(ImageGradient.CENTRAL, 1, 2, 2, 5, 3, 3L),
                Arguments.of(ImageGradient.CENTRAL, 1, 1, 12, 10, 30, 4L),
                Arguments.of(ImageGradient.CENTRAL, 1, 2, 12, 10, 30, 4L),
                Arguments.of(ImageGradient.CENTRAL, 1, 1, 12, 10, 30, 9L),
                Arguments.of(ImageGradient.SOBEL, 2, 2, 6, 7, 10, 35L),
                Arguments.of(ImageGradient.SOBEL, 1, 3, 7, 7, 20, 5L));
    }

    @ParameterizedTest(name = "{0} [{1},{2},{3},{4}] x{5}")
    @MethodSource("cases")
    void float64RunEqualsTheReference(ImageGradient gradient, int n, int c, int h, int w, int iterations, long seed) {
        FlowConfig config = FlowConfig.builder()
                .channels(c)
                .iterations(iterations)
                .imageGradient(gradient)
                .learnable(Learnable.all())
                .build();
        ReferenceFlow reference = new ReferenceFlow(config);
        long s = seed * 100;
        for (FlowParameter p : FlowParameter.values()) {
            reference.setParameter(p, SeededInputs.perturb(s++, p.initial(config), 0.03));
        }
        HostTensor[] f = SeededInputs.framePairs(seed, n, c, h, w);
        DoubleTensor gradU = DoubleTensor.of(SeededInputs.normal(seed + 7, io.repflow.api.Shape.of(n, 2 * c, h, w), 1));
        DoubleTensor f1 = DoubleTensor.of(f[0]);
        DoubleTensor f2 = DoubleTensor.of(f[1]);
        DoubleTensor expectedU = reference.forward(f1, f2);
        ReferenceFlow.FlowGradients expected = reference.backward(f1, f2, gradU);

        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            DjlFlowLayer layer = new DjlFlowLayer(config);
            Shape in = new Shape(n, c, h, w);
            layer.initialize(manager, DataType.FLOAT64, in, in);
            Map<Parameter, NDArray> leaves = new IdentityHashMap<>();
            Map<String, NDArray> byKey = new java.util.HashMap<>();
            for (FlowParameter p : FlowParameter.values()) {
                NDArray leaf = nd(manager, reference.parameter(p));
                leaf.setRequiresGradient(true);
                leaves.put(layer.parameter(p), leaf);
                byKey.put(p.key(), leaf);
            }
            NDArray a1 = nd(manager, f1);
            NDArray a2 = nd(manager, f2);
            a1.setRequiresGradient(true);
            a2.setRequiresGradient(true);
            ParameterStore store = new ParameterStore(manager, false) {
                @Override
                public NDArray getValue(Parameter parameter, Device device, boolean training) {
                    return leaves.get(parameter);
                }
            };
            // the in-place path taken without autograd recording
            near(
                    "u (no autograd)",
                    layer.forward(store, new NDList(a1, a2), false).singletonOrThrow(),
                    expectedU);
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray u = layer.forward(store, new NDList(a1, a2), true).singletonOrThrow();
                near("u", u, expectedU);
                collector.backward(u.mul(nd(manager, gradU)).sum());
            }
            near("dL/dF1", a1.getGradient(), expected.f1());
            near("dL/dF2", a2.getGradient(), expected.f2());
            for (FlowParameter p : FlowParameter.values()) {
                near(
                        "dL/d" + p.key(),
                        byKey.get(p.key()).getGradient(),
                        expected.parameters().get(p.key()));
            }
        }
    }

    private static NDArray nd(NDManager manager, DoubleTensor t) {
        long[] dims = new long[t.shape().rank()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = t.dim(i);
        }
        return manager.create(t.data(), new Shape(dims));
    }

    private static void near(String what, NDArray actual, DoubleTensor expected) {
        double[] a = actual.toType(DataType.FLOAT64, false).toDoubleArray();
        double scale = 1e-30;
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            scale = Math.max(scale, Math.abs(expected.get(i)));
            worst = Math.max(worst, Math.abs(a[i] - expected.get(i)));
        }
        assertTrue(
                a.length == expected.size() && worst <= TOL * Math.max(scale, 1e-3),
                what + ": max |diff| " + worst + " vs scale " + scale);
    }
}
