package io.repflow.cli;

import io.repflow.api.HostTensor;
import io.repflow.models.checkpoint.Checkpoint;
import io.repflow.models.eval.EvaluationResult;
import io.repflow.models.eval.SampleResult;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * No score computed from a checkpoint is reported unless it is finite: weights that are each finite and in their
 * domain can still overflow float32 on the way to the logits (a run that diverged slowly), and NaN logits would
 * otherwise become a "loss NaN" line with status 0. The error names the checkpoint and its largest weight.
 */
final class FiniteScores {

    private final Path dir;
    private final Checkpoint checkpoint;

    FiniteScores(Path dir, Checkpoint checkpoint) {
        this.dir = dir;
        this.checkpoint = checkpoint;
    }

    /** {@code then}, after checking each sample's logits. */
    Consumer<SampleResult> checked(Consumer<SampleResult> then) {
        return r -> {
            for (double l : r.logits()) {
                if (!Double.isFinite(l)) {
                    throw unusable("logits that are not finite (" + l + ") for sample " + r.sample());
                }
            }
            then.accept(r);
        };
    }

    /** {@code result}, after checking its mean loss. */
    EvaluationResult checked(EvaluationResult result) {
        if (!Double.isFinite(result.meanLoss())) {
            throw unusable("a mean loss that is not finite (" + result.meanLoss() + ")");
        }
        return result;
    }

    private UsageException unusable(String what) {
        return new UsageException("checkpoint " + dir + " gives " + what + ": its weights are finite, but "
                + largestWeight() + " overflows float32 on the way to the scores; the run had diverged when it was"
                + " written, evaluate an earlier checkpoint");
    }

    private String largestWeight() {
        String name = null;
        float largest = -1;
        for (Map.Entry<String, HostTensor> e : checkpoint.weights().entrySet()) {
            HostTensor t = e.getValue();
            for (int i = 0; i < t.size(); i++) {
                float a = Math.abs(t.flat(i));
                if (a > largest) {
                    largest = a;
                    name = e.getKey();
                }
            }
        }
        return name == null
                ? "the input"
                : String.format(Locale.ROOT, "the largest weight (|%s| up to %.3g)", name, largest);
    }
}
