package io.repflow.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected rates from PyTorch 1.13's ReduceLROnPlateau and StepLR fed the same metrics (python3-torch). */
class ScheduleTest {

    private static List<Double> rates(LearningRateSchedule s, double base, double[] metrics, boolean higherIsBetter) {
        ScheduleState state = s.start(base);
        List<Double> out = new ArrayList<>();
        for (int e = 0; e < metrics.length; e++) {
            state = s.afterEpoch(state, e, base, metrics[e], higherIsBetter);
            out.add(state.learningRate());
        }
        return out;
    }

    @Test
    void plateauOnAccuracyMatchesPyTorch() {
        List<Double> got = rates(
                new LearningRateSchedule.Plateau(0.5, 1, 0.01, 0.02),
                0.1,
                new double[] {0.2, 0.3, 0.3, 0.301, 0.29, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5},
                true);
        List<Double> torch = List.of(0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02);
        for (int i = 0; i < torch.size(); i++) {
            assertEquals(torch.get(i), got.get(i), 1e-15, "epoch " + i);
        }
    }

    @Test
    void plateauOnLossMatchesPyTorch() {
        List<Double> got = rates(
                new LearningRateSchedule.Plateau(0.1, 0, 1e-4, 0),
                0.1,
                new double[] {2.0, 1.5, 1.6, 1.4, 1.39999, 1.3},
                false);
        List<Double> torch = List.of(0.1, 0.1, 0.01, 0.01, 0.001, 0.001);
        for (int i = 0; i < torch.size(); i++) {
            assertEquals(torch.get(i), got.get(i), 1e-15, "epoch " + i);
        }
    }

    @Test
    void stepDecayIsStepLR() {
        // StepLR(step_size=2, gamma=0.1) from 0.1: epochs 0..5 -> 0.1, 0.1, 0.01, 0.01, 0.001, 0.001
        List<Double> got = new ArrayList<>();
        LearningRateSchedule s = new LearningRateSchedule.StepDecay(2, 0.1);
        ScheduleState state = s.start(0.1);
        for (int e = 0; e < 6; e++) {
            got.add(state.learningRate());
            state = s.afterEpoch(state, e, 0.1, 0, true);
        }
        double[] want = {0.1, 0.1, 0.01, 0.01, 0.001, 0.001};
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got.get(i), 1e-15, "epoch " + i);
        }
    }
}
