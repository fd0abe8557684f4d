package io.repflow.examples.samediff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.data.LabeledClips;
import org.junit.jupiter.api.Test;

/** The SameDiff user's graph trains: SameDiff's own fit lowers the loss. */
class MotionSameDiffTest {

    @Test
    void sameDiffFitLowersTheLoss() {
        LabeledClips batch = MotionSameDiff.clips(3);
        MotionSameDiff net = new MotionSameDiff(0.5, 42);
        float first = net.loss(batch);
        assertEquals(first, net.loss(batch), 0f, "evaluating the loss changes nothing");
        assertTrue(Math.abs(first - Math.log(2)) < 0.5, "two classes, small initial weights: about ln 2, got " + first);
        for (int s = 0; s < 6; s++) {
            net.fit(batch);
        }
        float after = net.loss(batch);
        assertTrue(after < 0.9f * first, "loss " + first + " -> " + after);
    }
}
