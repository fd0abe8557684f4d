package io.repflow.cli;

import com.google.inject.Inject;
import com.google.inject.Provider;
import io.repflow.models.checkpoint.Checkpoint;
import io.repflow.models.eval.EvaluationResult;
import io.repflow.models.eval.Evaluator;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.spi.ModelCompiler;
import io.repflow.spi.Backend;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code repflow eval}: a checkpoint on a test set, multi-clip x multi-crop; top-1, top-5, mean class accuracy, confusion matrix. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Evaluate a checkpoint (on any backend): top-1, top-5, mean class accuracy, confusion matrix as CSV and PNG.")
final class EvalCommand implements Callable<Integer> {

    private static final String CONFUSION = "confusion-eval";

    @Mixin
    CheckpointOptions checkpoint;

    @Mixin
    DataOptions data;

    @Mixin
    BackendOptions backendOptions;

    // opened on first use, after parsing, from backendOptions (CliModule)
    @Inject
    Provider<Backend> selectedBackend;

    @Inject
    Provider<ModelCompiler> compiler;

    @Mixin
    EvalOptions eval;

    @Override
    public Integer call() throws IOException {
        PrintStream log = System.out;
        Path dir = Checkpoints.resolve(checkpoint.checkpoint());
        Checkpoint ckpt = Checkpoints.load(dir);
        if (data.frames == null) {
            data.frames = ckpt.manifest().spec().input().frames();
        }
        if (data.size == null) {
            data.size = ckpt.manifest().spec().input().height();
        }
        RunData prepared = RunData.heldOut(
                data, backendOptions.seed, checkpoint.normalization().mapping(), eval.clips(), eval.crops());
        if (prepared.test() == null) {
            throw new UsageException(
                    "no test set: give the held-out data (--val-csv, --val-list or --val-root, or an hmdb51/ucf101 split)");
        }
        if (prepared.classes().size() != ckpt.manifest().spec().numClasses()) {
            throw new UsageException(
                    "the checkpoint predicts " + ckpt.manifest().spec().numClasses() + " classes but the data has "
                            + prepared.classes().size());
        }
        Path target = eval.out(dir.getParent());
        int batch = eval.batch();
        // found out before the work, so a directory that cannot be written never costs the results
        Optional<String> unwritable = RunFiles.unwritable(target);
        unwritable.ifPresent(why -> System.err.println("repflow eval: cannot write into " + target + " (" + why
                + "); the metrics are printed, but " + CONFUSION + ".csv/png and " + RunFiles.SKIPPED
                + " are not written (pass --out DIR to keep them)"));
        Backend backend = selectedBackend.get(); // Main, the injector's owner, closes it
        try (RunLock lock = unwritable.isEmpty() && RunFiles.isRunDirectory(target)
                        ? RunLock.acquire(target, "eval")
                        : null;
                CompiledModel net = compiler.get().compile(ckpt.manifest().spec(), backendOptions.seed);
                LoaderViews test = new LoaderViews(
                        prepared.test(),
                        batch,
                        data.workers(),
                        backendOptions.seed,
                        data.onBadVideo,
                        unwritable.isEmpty() ? new SkipLog(target) : SkipLog.none(),
                        "eval")) {
            Checkpoints.restore(ckpt, dir, net);
            long t0 = System.nanoTime();
            FiniteScores finite = new FiniteScores(dir, ckpt);
            EvaluationResult r = finite.checked(new Evaluator(batch).results(net, test, finite.checked(s -> {})));
            log.printf(
                    "%s on %s (%s): %d videos, %d clip(s) x %d crop(s), %.1f s%n",
                    ckpt.manifest().spec().name(),
                    prepared.name(),
                    backend.id(),
                    r.samples(),
                    eval.clips(),
                    eval.crops(),
                    (System.nanoTime() - t0) / 1e9);
            log.printf(
                    "top-1 %.4f  top-5 %.4f  mean class accuracy %.4f  loss %.4f%n",
                    r.top1(), r.top5(), r.meanClassAccuracy(), r.meanLoss());
            log.flush();
            if (unwritable.isEmpty()) {
                RunFiles.writeConfusion(target, CONFUSION, r.confusion(), prepared.classes());
                log.println("confusion matrix: " + target.resolve(CONFUSION + ".csv") + ", "
                        + target.resolve(CONFUSION + ".png"));
            }
        }
        return 0;
    }
}
