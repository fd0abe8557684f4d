package io.repflow.models.train;

import io.repflow.models.spi.StepResult;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Training stopped because it diverged: a step's loss or gradient norm was NaN or infinite, the loss exploded, or
 * a weight left its domain (not finite, or a flow layer's theta, lambda or tau no longer a positive float32). It is
 * raised before any checkpoint of the diverged state is written, so the last good checkpoint stays the latest.
 */
public final class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long step;
    private final int epoch;
    private final String reason;
    private final transient Path lastGoodCheckpoint;

    /** A step whose loss or gradient norm is not finite. */
    public TrainingDivergedException(long step, int epoch, StepResult result, Path lastGoodCheckpoint) {
        this(step, epoch, "loss " + result.loss() + ", gradient norm " + result.gradientNorm(), lastGoodCheckpoint);
    }

    /** Divergence seen after step {@code step}, described by {@code reason} (what was out of bounds, and its value). */
    public TrainingDivergedException(long step, int epoch, String reason, Path lastGoodCheckpoint) {
        super("training diverged at step " + step + " (epoch " + epoch + "): " + reason + "; "
                + (lastGoodCheckpoint == null
                        ? "no checkpoint was written before it"
                        : "last good checkpoint kept at " + lastGoodCheckpoint)
                + " (a lower --lr usually helps)");
        this.step = step;
        this.epoch = epoch;
        this.reason = reason;
        this.lastGoodCheckpoint = lastGoodCheckpoint;
    }

    /** The 1-based number of the failing step. */
    public long step() {
        return step;
    }

    public int epoch() {
        return epoch;
    }

    /** What diverged, e.g. {@code "loss 4.1E10 exceeds 138.6 (100 x ln 4 classes)"}. */
    public String reason() {
        return reason;
    }

    public Optional<Path> lastGoodCheckpoint() {
        return Optional.ofNullable(lastGoodCheckpoint);
    }
}
