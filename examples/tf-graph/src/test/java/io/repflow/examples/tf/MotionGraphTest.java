package io.repflow.examples.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.data.LabeledClips;
import org.junit.jupiter.api.Test;

/** The TensorFlow user's graph trains: TensorFlow's own gradient and update ops lower the loss. */
class MotionGraphTest {

    @Test
    void tensorflowStepsLowerTheLoss() {
        LabeledClips batch = MotionGraph.clips(3);
        try (MotionGraph net = new MotionGraph(0.5f, 42)) {
            float first = net.loss(batch);
            assertEquals(first, net.loss(batch), 0f, "evaluating the loss changes nothing");
            assertTrue(
                    Math.abs(first - Math.log(2)) < 0.5,
                    "two classes, small initial weights: about ln 2, got " + first);
            float last = first;
            for (int s = 0; s < 6; s++) {
                last = net.step(batch);
            }
            float after = net.loss(batch);
            assertTrue(after < last && after < 0.9f * first, "loss " + first + " -> " + after);
        }
    }
}
