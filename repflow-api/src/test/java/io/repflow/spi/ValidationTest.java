package io.repflow.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.FlowBlockConfig;
import io.repflow.api.FlowConfig;
import io.repflow.api.FlowConvFlowConfig;
import io.repflow.api.FusionConfig;
import io.repflow.api.FusionMode;
import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.RepFlowBlockConfig;
import io.repflow.api.Shape;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The API edge refuses bad inputs before a backend sees them, with full shapes in the message. */
class ValidationTest {

    private final FakeBackend fake = new FakeBackend("fake", FakeBackend.all());
    private final Backend backend = ValidatingBackend.wrap(fake);
    private final FlowLayer layer = backend.flowLayer(FlowConfig.of(2));

    private String error(Runnable r) {
        String m = assertThrows(IllegalArgumentException.class, r::run).getMessage();
        assertEquals(0, fake.calls, "the backend must not have been called");
        return m;
    }

    @Test
    void mismatchedShapes() {
        String m = error(() -> layer.forward(HostTensor.zeros(1, 2, 5, 6), HostTensor.zeros(1, 2, 6, 5)));
        assertEquals("flow layer inputs differ in shape: F1 [1, 2, 5, 6], F2 [1, 2, 6, 5]; they must be equal", m);
        assertTrue(error(() -> layer.forward(HostTensor.zeros(1, 3, 5, 6), HostTensor.zeros(1, 3, 5, 6)))
                .contains("[1, 3, 5, 6] has 3 channels but the layer was configured for 2"));
        assertTrue(error(() -> layer.forward(HostTensor.zeros(2, 5, 6), HostTensor.zeros(2, 5, 6)))
                .contains("shape [2, 5, 6] (rank 3); expected rank 4 [N, C, H, W]"));
        assertTrue(error(() -> layer.forward(HostTensor.zeros(1, 2, 1, 6), HostTensor.zeros(1, 2, 1, 6)))
                .contains("H and W must be >= 2"));
    }

    @Test
    void nonFiniteInputs() {
        float[] d = new float[2 * 4 * 4];
        d[17] = Float.NaN;
        String m = error(() -> layer.forward(HostTensor.zeros(1, 2, 4, 4), HostTensor.of(d, 1, 2, 4, 4)));
        assertEquals("flow layer input 1 [1, 2, 4, 4] holds NaN at index [0, 1, 0, 1]; values must be finite", m);
    }

    /** Issue 14, item 3: a NaN result is refused at the API edge, naming backend, module, index and parameters. */
    @Test
    void nonFiniteResultsAreRefused() {
        fake.fill = Float.NaN;
        NonFiniteResultException e = assertThrows(
                NonFiniteResultException.class,
                () -> layer.forward(HostTensor.zeros(1, 2, 4, 4), HostTensor.zeros(1, 2, 4, 4)));
        assertEquals(
                "backend 'fake': the flow layer output [1, 4, 4, 4] holds NaN at index [0, 0, 0, 0] from finite inputs"
                        + " (largest |value| 0.0) with theta 0.3, lambda 0.15, tau 0.25: the computation overflows"
                        + " float32; use smaller parameters or inputs",
                e.getMessage());
    }

    /** Learned scalars keep their domain: positive normal float32 numbers. */
    @Test
    void flowScalarsOutsideTheirDomainAreRefused() {
        assertTrue(error(() -> layer.setParameter("lambda", HostTensor.scalar(-3.6e6f)))
                .contains("parameter 'lambda' = -3600000.0 is out of range; must be > 0"));
        assertTrue(error(() -> layer.setParameter("theta", HostTensor.scalar(1e-40f)))
                .contains("must be at least 1.17549435E-38"));
        layer.setParameter("dx", HostTensor.of(new float[] {-5, 5, -5, 5}, 2, 2));
    }

    @Test
    void backwardChecksTheOutputGradient() {
        HostTensor f = HostTensor.zeros(1, 2, 4, 4);
        String m = error(() -> layer.backward(f, f, HostTensor.zeros(1, 2, 4, 4)));
        assertTrue(m.contains("flow layer output gradient has shape [1, 2, 4, 4] but [1, 4, 4, 4] was expected"), m);
        layer.backward(f, f, HostTensor.zeros(1, 4, 4, 4));
        assertEquals(1, fake.calls);
    }

    @Test
    void parametersByNameAndShape() {
        assertTrue(
                error(() -> layer.setParameter("thetta", HostTensor.scalar(1))).contains("no parameter 'thetta'"));
        assertTrue(error(() -> layer.setParameter("dx", HostTensor.zeros(2, 3)))
                .contains("parameter 'dx' has shape [2, 3] but [2, 2] was expected"));
        assertTrue(error(() -> layer.setParameter("theta", HostTensor.scalar(Float.POSITIVE_INFINITY)))
                .contains("Infinity"));
    }

    @Test
    void undeclaredGradientsAreRefusedNamingBackendAndCapability() {
        Backend noGrad = ValidatingBackend.wrap(new FakeBackend("infer-only", EnumSet.of(Capability.INFERENCE)));
        HostTensor f = HostTensor.zeros(1, 2, 4, 4);
        UnsupportedCapabilityException e = assertThrows(
                UnsupportedCapabilityException.class,
                () -> noGrad.flowLayer(FlowConfig.of(2)).backward(f, f, HostTensor.zeros(1, 4, 4, 4)));
        assertEquals(
                "backend 'infer-only' does not support GRADIENTS (needed for flow layer backward)", e.getMessage());
        assertEquals(Capability.GRADIENTS, e.capability());
    }

    @Test
    void closedBackendsRefuseWork() {
        backend.close();
        HostTensor f = HostTensor.zeros(1, 2, 4, 4);
        assertTrue(assertThrows(IllegalStateException.class, () -> layer.forward(f, f))
                .getMessage()
                .contains("backend 'fake' is closed"));
        assertThrows(IllegalStateException.class, () -> backend.flowLayer(FlowConfig.of(2)));
    }

    @Test
    void blockAndFusionShapes() {
        FlowBlockConfig block = RepFlowBlockConfig.of(8, FusionMode.ADD);
        assertEquals(Shape.of(2, 8, 3, 7, 7), ModuleShapes.blockOutput(block, List.of(Shape.of(2, 8, 4, 7, 7))));
        String t = assertThrows(
                        IllegalArgumentException.class,
                        () -> ModuleShapes.blockOutput(
                                FlowConvFlowConfig.of(8, FusionMode.ADD), List.of(Shape.of(2, 8, 2, 7, 7))))
                .getMessage();
        assertTrue(t.contains("Flow-Conv-Flow block input [2, 8, 2, 7, 7] has T = 2 frames; at least 3 are needed"), t);
        String late = assertThrows(
                        IllegalArgumentException.class,
                        () -> ModuleShapes.fusionOutput(
                                new FusionConfig(FusionMode.LATE, 4), List.of(Shape.of(2, 10), Shape.of(2, 11))))
                .getMessage();
        assertTrue(late.contains("LATE fusion averages predictions of equal shape"), late);
        assertEquals(
                Shape.of(2, 4, 3, 5, 5),
                ModuleShapes.fusionOutput(
                        new FusionConfig(FusionMode.CONCAT, 4),
                        List.of(Shape.of(2, 4, 4, 5, 5), Shape.of(2, 4, 3, 5, 5))));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> ModuleShapes.fusionOutput(
                                new FusionConfig(FusionMode.ADD, 4),
                                List.of(Shape.of(2, 4, 2, 5, 5), Shape.of(2, 4, 3, 5, 5))))
                .getMessage()
                .contains("more frames than rgb"));
        assertEquals(Mode.TRAIN, Mode.valueOf("TRAIN"));
    }
}
