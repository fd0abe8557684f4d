package io.repflow.models.train;

import io.repflow.api.Checks;
import io.repflow.models.spi.SgdStep;

/**
 * How to train.
 *
 * @param epochs              passes over the training set
 * @param batchSize           clips per step; the last incomplete batch of an epoch is dropped
 * @param learningRate        base rate (DEFAULT group)
 * @param flowRateScale       the flow parameters' rate = base x this (paper: 0.01)
 * @param momentum            SGD momentum (paper: 0.9)
 * @param weightDecay         L2 coefficient on every trainable parameter
 * @param schedule            how the base rate changes between epochs
 * @param seed                data order and dropout masks derive from it: same seed, same run, bit for bit
 * @param logEverySteps       log loss, gradient norm and rate every so many steps (0: epoch summaries only)
 * @param checkpointEverySteps also checkpoint every so many steps (0: at epoch ends only)
 */
public record TrainingConfig(
        int epochs,
        int batchSize,
        double learningRate,
        double flowRateScale,
        double momentum,
        double weightDecay,
        LearningRateSchedule schedule,
        long seed,
        int logEverySteps,
        int checkpointEverySteps) {

    public TrainingConfig {
        Checks.atLeast("epochs", epochs, 1);
        Checks.atLeast("batchSize", batchSize, 1);
        Checks.notNull("schedule", schedule);
        Checks.atLeast("logEverySteps", logEverySteps, 0);
        Checks.atLeast("checkpointEverySteps", checkpointEverySteps, 0);
        sgd(learningRate, flowRateScale, momentum, weightDecay);
    }

    /** The paper's optimiser: momentum 0.9, flow at 0.01x, weight decay 1e-4, step decay x0.1 every 10 epochs. */
    public static TrainingConfig paper(int epochs, int batchSize, double learningRate, long seed) {
        return new TrainingConfig(
                epochs,
                batchSize,
                learningRate,
                SgdStep.PAPER_FLOW_RATE_SCALE,
                SgdStep.PAPER_MOMENTUM,
                1e-4,
                new LearningRateSchedule.StepDecay(10, 0.1),
                seed,
                50,
                0);
    }

    /** The step hyper-parameters at base rate {@code rate}. */
    public SgdStep step(double rate) {
        return sgd(rate, flowRateScale, momentum, weightDecay);
    }

    private static SgdStep sgd(double rate, double flowScale, double momentum, double weightDecay) {
        return new SgdStep(rate, flowScale, momentum, weightDecay);
    }

    public TrainingConfig withEpochs(int e) {
        return new TrainingConfig(
                e,
                batchSize,
                learningRate,
                flowRateScale,
                momentum,
                weightDecay,
                schedule,
                seed,
                logEverySteps,
                checkpointEverySteps);
    }

    public TrainingConfig withSchedule(LearningRateSchedule s) {
        return new TrainingConfig(
                epochs,
                batchSize,
                learningRate,
                flowRateScale,
                momentum,
                weightDecay,
                s,
                seed,
                logEverySteps,
                checkpointEverySteps);
    }

    public TrainingConfig withCheckpointEverySteps(int n) {
        return new TrainingConfig(
                epochs,
                batchSize,
                learningRate,
                flowRateScale,
                momentum,
                weightDecay,
                schedule,
                seed,
                logEverySteps,
                n);
    }
}
