package io.repflow.models.train;

/**
 * How the base learning rate changes between epochs. Decisions are made at epoch ends; the state
 * is a value ({@link ScheduleState}) saved in checkpoints so a resumed run continues exactly.
 */
public sealed interface LearningRateSchedule
        permits LearningRateSchedule.Constant, LearningRateSchedule.StepDecay, LearningRateSchedule.Plateau {

    /** The state before the first epoch. */
    default ScheduleState start(double baseRate) {
        return new ScheduleState(baseRate, Double.NaN, 0);
    }

    /**
     * The state for the epoch after {@code finishedEpoch} (0-based).
     *
     * @param metric         the monitored value of the finished epoch (validation top-1, or training loss without validation)
     * @param higherIsBetter true for an accuracy, false for a loss
     */
    ScheduleState afterEpoch(
            ScheduleState state, int finishedEpoch, double baseRate, double metric, boolean higherIsBetter);

    /** The base rate throughout. */
    record Constant() implements LearningRateSchedule {
        @Override
        public ScheduleState afterEpoch(
                ScheduleState state, int finishedEpoch, double baseRate, double metric, boolean higherIsBetter) {
            return state;
        }
    }

    /** {@code base * gamma^floor(epoch / stepEpochs)} (PyTorch {@code StepLR}). */
    record StepDecay(int stepEpochs, double gamma) implements LearningRateSchedule {
        public StepDecay {
            if (stepEpochs < 1) {
                throw new IllegalArgumentException(
                        "step decay stepEpochs = " + stepEpochs + " is out of range; must be >= 1");
            }
            if (!(gamma > 0 && gamma <= 1)) {
                throw new IllegalArgumentException(
                        "step decay gamma = " + gamma + " is out of range; must be in (0, 1]");
            }
        }

        @Override
        public ScheduleState afterEpoch(
                ScheduleState state, int finishedEpoch, double baseRate, double metric, boolean higherIsBetter) {
            int next = finishedEpoch + 1;
            return new ScheduleState(baseRate * Math.pow(gamma, next / stepEpochs), state.best(), 0);
        }
    }

    /**
     * Multiply the rate by {@code factor} when the monitored metric has not improved by more than the
     * relative {@code threshold} for more than {@code patience} epochs, never below {@code minRate}
     * (PyTorch {@code ReduceLROnPlateau}, threshold mode "rel", no cooldown).
     */
    record Plateau(double factor, int patience, double threshold, double minRate) implements LearningRateSchedule {
        public Plateau {
            if (!(factor > 0 && factor < 1)) {
                throw new IllegalArgumentException(
                        "plateau factor = " + factor + " is out of range; must be in (0, 1)");
            }
            if (patience < 0) {
                throw new IllegalArgumentException("plateau patience = " + patience + " is out of range; must be >= 0");
            }
            if (!(threshold >= 0) || !(minRate >= 0)) {
                throw new IllegalArgumentException(
                        "plateau threshold = " + threshold + " and minRate = " + minRate + " must be >= 0");
            }
        }

        @Override
        public ScheduleState afterEpoch(
                ScheduleState state, int finishedEpoch, double baseRate, double metric, boolean higherIsBetter) {
            double best = state.best();
            boolean improved = Double.isNaN(best)
                    || (higherIsBetter ? metric > best * (1 + threshold) : metric < best * (1 - threshold));
            if (improved) {
                return new ScheduleState(state.learningRate(), metric, 0);
            }
            int bad = state.badEpochs() + 1;
            if (bad > patience) {
                return new ScheduleState(Math.max(state.learningRate() * factor, minRate), best, 0);
            }
            return new ScheduleState(state.learningRate(), best, bad);
        }
    }
}
