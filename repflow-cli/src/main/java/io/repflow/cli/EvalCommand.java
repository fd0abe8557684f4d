package io.repflow.cli;

import com.google.inject.Guice;
import io.repflow.models.checkpoint.Checkpoint;
import io.repflow.models.eval.EvaluationResult;
import io.repflow.models.eval.Evaluator;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.spi.ModelCompilers;
import io.repflow.spi.Backend;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code repflow eval}: a checkpoint on a test set, multi-clip x multi-crop; top-1, top-5, mean class accuracy, confusion matrix. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Evaluate a checkpoint (on any backend): top-1, top-5, mean class accuracy, confusion matrix as CSV and PNG.")
final class EvalCommand implements Callable<Integer> {

    @Option(
            names = "--checkpoint",
            required = true,
            paramLabel = "DIR",
            description = "A checkpoint directory or a run directory (its latest).")
    Path checkpoint;

    @Mixin
    DataOptions data;

    @Mixin
    BackendOptions backendOptions;

    @Option(names = "--clips", defaultValue = "1", description = "Clips per video (default: ${DEFAULT-VALUE}).")
    int clips;

    @Option(
            names = "--crops",
            defaultValue = "1",
            description = "Crops per clip: 1 = centre, N = N random crops (the paper: 25) (default: ${DEFAULT-VALUE}).")
    int crops;

    @Option(names = "--batch", defaultValue = "16", description = "Views per forward pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "DIR",
            description = "Where confusion.csv/png go (default: the checkpoint's run directory).")
    Path out;

    @Option(
            names = "--normalize",
            paramLabel = "imagenet|minus-one-to-one",
            converter = Normalization.Converter.class,
            description = "Input values (default: what the run's run.json records, else minus-one-to-one).")
    Normalization normalize;

    @Override
    public Integer call() throws IOException {
        if (normalize == null) {
            normalize = Normalization.MINUS_ONE_TO_ONE;
        }
        PrintStream log = System.out;
        Path dir = Checkpoints.resolve(checkpoint);
        Checkpoint ckpt = Checkpoints.load(dir);
        if (data.frames == null) {
            data.frames = ckpt.manifest().spec().input().frames();
        }
        if (data.size == null) {
            data.size = ckpt.manifest().spec().input().height();
        }
        RunData prepared = RunData.heldOut(data, backendOptions.seed, normalize.mapping(), clips, crops);
        if (prepared.test() == null) {
            throw new UsageException(
                    "no test set: give the held-out data (--val-csv, --val-list or --val-root, or an hmdb51/ucf101 split)");
        }
        if (prepared.classes().size() != ckpt.manifest().spec().numClasses()) {
            throw new UsageException(
                    "the checkpoint predicts " + ckpt.manifest().spec().numClasses() + " classes but the data has "
                            + prepared.classes().size());
        }
        Path target = out != null ? out : dir.getParent();
        if (batch < 1) {
            throw new UsageException("--batch " + batch + " is out of range; use 1 or more");
        }
        try (Backend backend =
                        Guice.createInjector(new CliModule(backendOptions)).getInstance(Backend.class);
                CompiledModel net =
                        ModelCompilers.of(backend).compile(ckpt.manifest().spec(), backendOptions.seed);
                LoaderViews test = new LoaderViews(
                        prepared.test(),
                        batch,
                        data.workers(),
                        backendOptions.seed,
                        data.onBadVideo,
                        new SkipLog(target),
                        "eval")) {
            ckpt.restore(net);
            long t0 = System.nanoTime();
            EvaluationResult r = new Evaluator(batch).evaluate(net, test);
            RunFiles.writeConfusion(target, "confusion-eval", r.confusion(), prepared.classes());
            log.printf(
                    "%s on %s (%s): %d videos, %d clip(s) x %d crop(s), %.1f s%n",
                    ckpt.manifest().spec().name(),
                    prepared.name(),
                    backend.id(),
                    r.samples(),
                    clips,
                    crops,
                    (System.nanoTime() - t0) / 1e9);
            log.printf(
                    "top-1 %.4f  top-5 %.4f  mean class accuracy %.4f  loss %.4f%n",
                    r.top1(), r.top5(), r.meanClassAccuracy(), r.meanLoss());
            log.println("confusion matrix: " + target.resolve("confusion-eval.csv") + ", "
                    + target.resolve("confusion-eval.png"));
        }
        return 0;
    }
}
