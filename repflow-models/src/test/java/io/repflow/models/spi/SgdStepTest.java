package io.repflow.models.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.HostTensor;
import io.repflow.api.Shape;
import io.repflow.models.spec.ParameterGroup;
import java.util.List;
import org.junit.jupiter.api.Test;

/** torch.optim.SGD's update with momentum and weight decay, worked by hand for two steps. */
class SgdStepTest {

    @Test
    void twoStepsMatchTheHandComputedUpdate() {
        SgdStep step = new SgdStep(0.1, 0.01, 0.9, 0.5);
        HostTensor w = HostTensor.wrap(new float[] {1f, -2f}, Shape.of(2));
        HostTensor g = HostTensor.wrap(new float[] {0.5f, 1f}, Shape.of(2));
        SgdStep.Update first = step.apply(ParameterGroup.DEFAULT, w, HostTensor.zeros(Shape.of(2)), g);
        // d = g + 0.5 w = (1, 0); buf = d; w = w - 0.1 buf = (0.9, -2)
        assertArrayEquals(new float[] {1f, 0f}, first.momentum().toArray(), 1e-7f);
        assertArrayEquals(new float[] {0.9f, -2f}, first.weights().toArray(), 1e-7f);
        SgdStep.Update second = step.apply(ParameterGroup.FLOW, first.weights(), first.momentum(), g);
        // d = (0.5 + 0.45, 1 - 1) = (0.95, 0); buf = 0.9 (1, 0) + d = (1.85, 0); lr 0.001: w = (0.9 - 0.00185, -2)
        assertArrayEquals(new float[] {1.85f, 0f}, second.momentum().toArray(), 1e-6f);
        assertArrayEquals(new float[] {0.89815f, -2f}, second.weights().toArray(), 1e-6f);
    }

    @Test
    void gradientNormSpansEveryTensorAndShapesMustAgree() {
        assertEquals(
                13.0,
                SgdStep.gradientNorm(List.of(
                        HostTensor.wrap(new float[] {3f, 4f}, Shape.of(2)),
                        HostTensor.wrap(new float[] {12f}, Shape.of(1)))),
                1e-12);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> SgdStep.paper(0.1, 0)
                        .apply(
                                ParameterGroup.DEFAULT,
                                HostTensor.zeros(Shape.of(2)),
                                HostTensor.zeros(Shape.of(3)),
                                HostTensor.zeros(Shape.of(2))));
        assertTrue(e.getMessage().contains("[3]") || e.getMessage().contains("3"), e.getMessage());
    }
}
