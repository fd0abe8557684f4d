package io.repflow.cli;

import io.repflow.models.spi.SgdStep;
import io.repflow.models.train.LearningRateSchedule;
import io.repflow.models.train.TrainingConfig;
import picocli.CommandLine.Option;

/** SGD and its schedule (paper: momentum 0.9, flow parameters at 0.01x the rate). */
final class OptimizerOptions {

    @Option(
            names = "--epochs",
            defaultValue = "3",
            description = "Passes over the training set (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "16", description = "Clips per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "0.05", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--weight-decay", defaultValue = "1e-4", description = "Weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(
            names = "--flow-lr-scale",
            defaultValue = "0.01",
            description = "Flow parameters' rate as a fraction of --lr (default: ${DEFAULT-VALUE}).")
    double flowScale;

    @Option(
            names = "--schedule",
            defaultValue = "constant",
            paramLabel = "SPEC",
            description =
                    "constant, step:EPOCHS:GAMMA (e.g. step:10:0.1) or plateau:FACTOR:PATIENCE (e.g. plateau:0.1:2) (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(
            names = "--checkpoint-every",
            defaultValue = "0",
            description = "Also checkpoint every N steps (default: epoch ends only).")
    int checkpointEvery;

    TrainingConfig config(long seed) {
        try {
            return new TrainingConfig(
                    epochs, batch, lr, flowScale, momentum, weightDecay, schedule(), seed, 0, checkpointEvery);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private LearningRateSchedule schedule() {
        String[] p = schedule.split(":");
        try {
            return switch (p[0]) {
                case "constant" -> new LearningRateSchedule.Constant();
                case "step" -> new LearningRateSchedule.StepDecay(Integer.parseInt(p[1]), Double.parseDouble(p[2]));
                case "plateau" ->
                    new LearningRateSchedule.Plateau(Double.parseDouble(p[1]), Integer.parseInt(p[2]), 1e-4, 1e-6);
                default -> throw new IllegalArgumentException("unknown kind " + p[0]);
            };
        } catch (RuntimeException e) {
            throw new UsageException("--schedule " + schedule + " is not understood (" + e.getMessage()
                    + "); use constant, step:EPOCHS:GAMMA or plateau:FACTOR:PATIENCE");
        }
    }

    static double paperMomentum() {
        return SgdStep.PAPER_MOMENTUM;
    }
}
