package io.repflow.cli;

import com.google.inject.Guice;
import io.repflow.models.checkpoint.Checkpoint;
import io.repflow.models.checkpoint.CheckpointStore;
import io.repflow.models.eval.EvaluationResult;
import io.repflow.models.eval.Evaluator;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.spi.ModelCompilers;
import io.repflow.models.train.EpochSummary;
import io.repflow.models.train.Trainer;
import io.repflow.models.train.TrainingConfig;
import io.repflow.models.train.TrainingDivergedException;
import io.repflow.models.train.TrainingListener;
import io.repflow.models.train.TrainingReport;
import io.repflow.spi.Backend;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code repflow train}: trains a network with a representation-flow block (default: the small
 * MotionNet on synthetic motion clips, on the default backend) and evaluates it on held-out clips.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Train a network with a representation-flow block and report held-out accuracy.",
            "Default: MotionNet on synthetic motion clips (classes only motion tells apart), on the default backend, CPU."
        })
final class TrainCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Mixin
    ModelOptions model;

    @Mixin
    OptimizerOptions optimizer;

    @Mixin
    BackendOptions backendOptions;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "DIR",
            description = "Run directory: checkpoints, metrics, pictures (default: runs/<model>-<data>-<time>).")
    Path out;

    @Option(
            names = "--resume",
            description = "Continue the run in --out from its latest checkpoint, exactly where it stopped.")
    boolean resume;

    @Option(names = "--keep", defaultValue = "3", description = "Checkpoints to keep (default: ${DEFAULT-VALUE}).")
    int keep;

    @Option(
            names = "--test-clips",
            defaultValue = "1",
            description = "Clips per video in the final evaluation (default: ${DEFAULT-VALUE}).")
    int testClips;

    @Option(
            names = "--test-crops",
            defaultValue = "1",
            description = "Crops per clip in the final evaluation (default: ${DEFAULT-VALUE}; the paper: 25).")
    int testCrops;

    @Override
    public Integer call() throws IOException {
        PrintStream log = System.out;
        if (resume && out == null) {
            throw new UsageException("--resume needs --out DIR, the run to continue");
        }
        PreparedData prepared = PreparedData.of(data, backendOptions.seed, testClips, testCrops);
        Path dir = out != null
                ? out
                : Path.of(
                        "runs",
                        model.model + "-" + prepared.name() + "-"
                                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        CheckpointStore store = new CheckpointStore(dir, keep);
        Optional<Path> latest = Files.isDirectory(dir) ? store.latest() : Optional.empty();
        if (resume && latest.isEmpty()) {
            throw new UsageException(dir + " has no checkpoint to resume from");
        }
        if (!resume && latest.isPresent()) {
            throw new UsageException(dir + " already holds a run (latest checkpoint "
                    + latest.get().getFileName()
                    + "); pass --resume to continue it or another --out to start a new one");
        }
        Checkpoint checkpoint = resume ? CheckpointStore.load(latest.get()) : null;
        ModelSpec spec = resume
                ? checkpoint.manifest().spec()
                : model.spec(prepared.clip(), prepared.classes().size());
        TrainingConfig config = resume ? checkpoint.manifest().training() : optimizer.config(backendOptions.seed);
        if (resume && !spec.input().equals(prepared.clip())) {
            throw new UsageException("the run in " + dir + " was trained on clips " + spec.input()
                    + " but the data options give " + prepared.clip() + "; pass the same --frames and --size");
        }
        Files.createDirectories(dir);
        RunFiles.writeClasses(dir, prepared.classes());

        try (Backend backend =
                        Guice.createInjector(new CliModule(backendOptions)).getInstance(Backend.class);
                CompiledModel net = ModelCompilers.of(backend).compile(spec, backendOptions.seed);
                ProgressReporter progress =
                        new ProgressReporter(log, ProgressReporter.isTerminal(), config.batchSize())) {
            log.printf(
                    "repflow train: %s (%,d parameters) on %s, %s (%d classes, %d training clips%s), %d epochs of batch %d%n",
                    spec.name(),
                    spec.parameterCount(),
                    backend.id() + " " + backend.device(),
                    prepared.name(),
                    prepared.classes().size(),
                    prepared.train().size(),
                    prepared.validation() == null
                            ? ""
                            : ", " + prepared.validation().size() + " held out",
                    config.epochs(),
                    config.batchSize());
            log.println("run directory: " + dir.toAbsolutePath()
                    + (resume ? " (resuming " + latest.get().getFileName() + ")" : ""));
            AtomicBoolean finished = new AtomicBoolean();
            Thread hook = new Thread(() -> {
                if (!finished.get()) {
                    System.err.println(
                            "repflow train: interrupted; checkpoints are written atomically, so the latest complete one is intact."
                                    + " Continue with: repflow train --resume --out " + dir);
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
            TrainingListener listener = new TrainingListener() {
                @Override
                public void stepFinished(
                        int epoch,
                        int batch,
                        int batches,
                        long step,
                        io.repflow.models.spi.Batch input,
                        io.repflow.models.spi.StepResult result) {
                    progress.stepFinished(epoch, batch, batches, step, input, result);
                }

                @Override
                public void epochFinished(EpochSummary summary, Path saved) {
                    progress.epochFinished(summary, saved);
                    RunFiles.appendEpoch(dir, summary);
                }
            };
            Trainer trainer = new Trainer(
                    net,
                    config,
                    store,
                    backend.id(),
                    listener,
                    data.kind == DataOptions.Kind.SYNTHETIC ? 0 : data.workers);
            TrainingReport report;
            try {
                report = resume
                        ? trainer.resume(checkpoint, prepared.train(), prepared.validation())
                        : trainer.fit(prepared.train(), prepared.validation());
            } catch (TrainingDivergedException e) {
                finished.set(true);
                throw new IllegalStateException(e.getMessage(), e);
            }
            finished.set(true);
            Runtime.getRuntime().removeShutdownHook(hook);
            return finish(log, backend, net, prepared, dir, report, config);
        }
    }

    private int finish(
            PrintStream log,
            Backend backend,
            CompiledModel net,
            PreparedData prepared,
            Path dir,
            TrainingReport report,
            TrainingConfig config)
            throws IOException {
        if (prepared.test() == null) {
            log.println("no held-out set given (--val-csv, --val-list or --val-root); checkpoint: "
                    + report.lastCheckpoint());
            return 0;
        }
        EvaluationResult r = new Evaluator(config.batchSize()).evaluate(net, prepared.test());
        RunFiles.writeConfusion(dir, "confusion", r.confusion(), prepared.classes());
        Path strip = LearnedFlowPictures.write(
                backend, net.parameters(), prepared.test().get(0).views().get(0), dir);
        log.printf(
                "held-out: top-1 %.3f  top-5 %.3f  mean class accuracy %.3f  (%d clips, chance %.3f)%n",
                r.top1(),
                r.top5(),
                r.meanClassAccuracy(),
                r.samples(),
                1.0 / prepared.classes().size());
        log.println("checkpoint: " + report.lastCheckpoint());
        log.println("metrics:    " + dir.resolve(RunFiles.METRICS_CSV) + ", " + dir.resolve(RunFiles.METRICS_JSONL));
        log.println("pictures:   " + dir.resolve("confusion.png")
                + (strip == null ? "" : ", " + strip + ", " + dir.resolve("flow.gif")));
        return 0;
    }
}
