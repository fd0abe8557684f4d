package io.repflow.models.train;

import io.repflow.models.spi.StepResult;
import java.nio.file.Path;
import java.util.Optional;

/** Training stopped because a step's loss or gradient norm was NaN or infinite. */
public final class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long step;
    private final int epoch;
    private final transient Path lastGoodCheckpoint;

    public TrainingDivergedException(long step, int epoch, StepResult result, Path lastGoodCheckpoint) {
        super("training diverged at step " + step + " (epoch " + epoch + "): loss " + result.loss() + ", gradient norm "
                + result.gradientNorm() + "; "
                + (lastGoodCheckpoint == null
                        ? "no checkpoint was written before it"
                        : "last good checkpoint kept at " + lastGoodCheckpoint));
        this.step = step;
        this.epoch = epoch;
        this.lastGoodCheckpoint = lastGoodCheckpoint;
    }

    /** The 1-based number of the failing step. */
    public long step() {
        return step;
    }

    public int epoch() {
        return epoch;
    }

    public Optional<Path> lastGoodCheckpoint() {
        return Optional.ofNullable(lastGoodCheckpoint);
    }
}
