package io.repflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Bad configurations name the field, the value and the allowed range. */
class ConfigValidationTest {

    private static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void flowConfigRanges() {
        assertEquals(
                "flow.iterations = 0 is out of range; must be in [1, 1000]",
                error(() -> FlowConfig.builder().iterations(0).build()));
        assertEquals(
                "flow.theta = -0.3 is out of range; must be finite and > 0",
                error(() -> FlowConfig.builder().theta(-0.3).build()));
        assertTrue(error(() -> FlowConfig.builder().lambda(Double.NaN).build()).startsWith("flow.lambda = NaN"));
        assertTrue(error(() -> FlowConfig.builder().tau(0).build()).startsWith("flow.tau = 0.0"));
        assertTrue(error(() -> FlowConfig.builder().channels(0).build()).startsWith("flow.channels = 0"));
        assertTrue(error(() -> FlowConfig.builder().learnable(null).build()).startsWith("flow.learnable is missing"));
    }

    /** Issue 14, item 3: scalars that no float32 engine can compute with are refused up front, saying why. */
    @Test
    void flowScalarsThatCannotGiveAFiniteFlow() {
        assertEquals(
                "flow.tau = 1.0E39 is out of range; must be finite in float32 (|value| <= 3.4028235E38), the precision"
                        + " every engine computes in",
                error(() -> FlowConfig.builder().tau(1e39).build()));
        assertTrue(error(() -> FlowConfig.builder().theta(1e39).build()).startsWith("flow.theta = 1.0E39"));
        assertEquals(
                "flow.theta = 1.0E-50 is out of range; must be at least 1.17549435E-38, the smallest normal float32"
                        + " (smaller ones are 0 or lose precision, and TV-L1 divides by theta)",
                error(() -> FlowConfig.builder().theta(1e-50).build()));
        assertTrue(error(() -> FlowConfig.builder().theta(1e-20).tau(1e30).build())
                .startsWith("flow.tau / flow.theta = 1.0E50 (from 1.0E30 and 1.0E-20) is out of range; it is the dual"
                        + " step of TV-L1"));
        assertTrue(error(() -> FlowConfig.builder().theta(1e20).lambda(1e20).build())
                .startsWith("flow.lambda * flow.theta = 1.0E40"));
        // large but workable values stay allowed
        FlowConfig.builder().theta(1e3).lambda(1e-3).tau(1e2).build();
    }

    @Test
    void flowDefaultsAreThePapers() {
        FlowConfig c = FlowConfig.of(32);
        assertEquals(20, c.iterations());
        assertEquals(0.3, c.theta());
        assertEquals(0.15, c.lambda());
        assertEquals(0.25, c.tau());
        assertEquals(Set.of(Learnable.DIVERGENCE, Learnable.THETA, Learnable.LAMBDA, Learnable.TAU), c.learnable());
        assertEquals(ImageGradient.CENTRAL, c.imageGradient());
    }

    @Test
    void parameterShapesAndInitialValues() {
        FlowConfig c = FlowConfig.builder().channels(3).build();
        assertEquals(Shape.of(3, 2), c.parameterShapes().get("dx"));
        assertEquals(Shape.of(3, 3), c.parameterShapes().get("gx"));
        assertEquals(Shape.of(1), c.parameterShapes().get("theta"));
        assertEquals(-0.5f, c.initialParameters().get("gy").get(2, 0));
        FlowConfig sobel = c.toBuilder().imageGradient(ImageGradient.SOBEL).build();
        assertEquals(Shape.of(3, 3, 3), sobel.parameterShapes().get("gx"));
        assertEquals(2 / 8f, sobel.initialParameters().get("gx").get(1, 1, 2));
        assertEquals(-2 / 8f, sobel.initialParameters().get("gy").get(0, 0, 1));
    }

    @Test
    void blockConfigs() {
        assertTrue(
                error(() -> new RepFlowBlockConfig(64, FlowConfig.of(32), 2, FusionMode.ADD, BatchNormConfig.DEFAULT))
                        .startsWith("block.outKernel = 2"));
        assertTrue(error(() -> new FusionConfig(FusionMode.CONCAT, 0)).startsWith("fusion.channels = 0"));
        assertTrue(error(() -> new BatchNormConfig(1e-5, 1.5)).startsWith("batchNorm.momentum = 1.5"));
        RepFlowBlockConfig b = RepFlowBlockConfig.of(64, FusionMode.CONCAT);
        assertEquals(Shape.of(32, 64, 1, 1), b.parameterShapes().get("reduce.weight"));
        assertEquals(Shape.of(64, 64, 3, 3), b.parameterShapes().get("out.weight"));
        assertEquals(Shape.of(64, 128, 1, 1), b.parameterShapes().get("fusion.weight"));
        assertTrue(b.trainableParameters().contains("flow.theta"));
        assertTrue(!b.trainableParameters().contains("flow.gx")
                && !b.trainableParameters().contains("bn.running_var"));
        FlowConvFlowConfig f = FlowConvFlowConfig.of(64, FusionMode.NONE);
        assertEquals(2, f.framesDropped());
        assertEquals(Shape.of(32, 64, 3, 3), f.parameterShapes().get("mid.weight"));
        assertEquals(
                Set.of("mid_bn.running_mean", "mid_bn.running_var", "bn.running_mean", "bn.running_var"), f.buffers());
    }

    @Test
    void initialisationIsDeterministicPerName() {
        RepFlowBlockConfig b = RepFlowBlockConfig.of(8, FusionMode.LAYER_MULTIPLY);
        assertEquals(b.initialParameters(7), b.initialParameters(7));
        assertTrue(!b.initialParameters(7)
                .get("out.weight")
                .equals(b.initialParameters(8).get("out.weight")));
        assertEquals(HostTensor.full(1f, 8), b.initialParameters(7).get("bn.weight"));
        assertEquals(HostTensor.zeros(8), b.initialParameters(7).get("fusion.bias"));
        // He-normal: std sqrt(2 / fan_in), fan_in = 64 * 3 * 3 for out.weight [8, 64, 3, 3]
        HostTensor w = b.initialParameters(7).get("out.weight");
        double sum = 0;
        for (int i = 0; i < w.size(); i++) {
            sum += w.flat(i) * (double) w.flat(i);
        }
        assertEquals(Math.sqrt(2.0 / (64 * 9)), Math.sqrt(sum / w.size()), 0.1 * Math.sqrt(2.0 / (64 * 9)));
    }
}
