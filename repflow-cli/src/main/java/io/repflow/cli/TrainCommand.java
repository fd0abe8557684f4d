package io.repflow.cli;

import com.google.inject.Inject;
import com.google.inject.Provider;
import io.repflow.api.HostTensor;
import io.repflow.models.checkpoint.Checkpoint;
import io.repflow.models.checkpoint.CheckpointStore;
import io.repflow.models.checkpoint.PretrainedWeights;
import io.repflow.models.eval.EvaluationResult;
import io.repflow.models.eval.Evaluator;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.spi.ModelCompiler;
import io.repflow.models.train.EpochSummary;
import io.repflow.models.train.Trainer;
import io.repflow.models.train.TrainingConfig;
import io.repflow.models.train.TrainingDivergedException;
import io.repflow.models.train.TrainingListener;
import io.repflow.models.train.TrainingReport;
import io.repflow.models.train.TrainingStep;
import io.repflow.spi.Backend;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

    // opened on first use, after parsing, from backendOptions (CliModule)
    @Inject
    Provider<Backend> selectedBackend;

    @Inject
    Provider<ModelCompiler> compiler;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "DIR",
            description = "Run directory: checkpoints, metrics, pictures (default: runs/<model>-<data>-<time>).")
    Path out;

    @Option(
            names = "--resume",
            description =
                    "Continue the run in --out from its latest checkpoint, exactly where it stopped (a damaged or missing latest one: from the newest that loads, saying so).")
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

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "Options from a JSON or YAML file (keys: the long option names; a run's run.json is one); flags override it.")
    Path config;

    @Option(
            names = "--normalize",
            paramLabel = "imagenet|minus-one-to-one",
            converter = Normalization.Converter.class,
            description =
                    "Input values: imagenet mean/std or [-1,1] (default: imagenet with torchvision weights, else minus-one-to-one).")
    Normalization normalize;

    @Option(
            names = "--init-from",
            paramLabel = "FILE",
            description = {
                "Start from these weights: a repflow checkpoint or run directory (any engine), or a torchvision ResNet",
                "state_dict saved as .safetensors (resnet18/34/50, r3d_18, r2plus1d_18; see docs/pretrained.md)."
            })
    Path initFrom;

    /** Options a resumed run may change: how it runs, not what it computes. */
    private static final java.util.Set<String> CHANGEABLE_ON_RESUME = java.util.Set.of(
            "epochs",
            "workers",
            "threads",
            "backend",
            "device",
            "keep",
            "checkpoint-every",
            "test-clips",
            "test-crops",
            "on-bad-video",
            "out");

    @Spec
    CommandSpec commandSpec;

    @Override
    public Integer call() throws IOException {
        PrintStream log = System.out;
        if (resume && out == null) {
            throw new UsageException("--resume needs --out DIR, the run to continue");
        }
        if (resume && config != null) {
            throw new UsageException("--resume continues the run as its run.json records it; drop --config " + config);
        }
        if (resume) {
            refuseContradictions(out);
        }
        PretrainedWeights init = initFrom == null || resume ? null : PretrainedWeights.read(initFrom);
        if (normalize == null) {
            // what the weights were trained with: torchvision's ImageNet statistics, or the recorded run's choice
            normalize = init == null
                    ? Normalization.MINUS_ONE_TO_ONE
                    : init.origin() == PretrainedWeights.Origin.TORCHVISION
                            ? Normalization.IMAGENET
                            : Normalization.orRecorded(null, initFrom);
        }
        RunData prepared = RunData.of(data, backendOptions.seed, normalize.mapping(), testClips, testCrops);
        Path dir = out != null
                ? out
                : Path.of(
                        "runs",
                        model.model + "-" + prepared.name() + "-"
                                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (resume && !Files.isDirectory(dir)) {
            throw new UsageException(dir + " has no checkpoint to resume from (it is not a directory)");
        }
        // a new run's model and optimiser come from the flags alone: checked before anything is created
        ModelSpec fresh =
                resume ? null : model.spec(prepared.clip(), prepared.classes().size());
        TrainingConfig freshConfig = resume ? null : optimizer.config(backendOptions.seed);
        try (RunLock lock = RunLock.acquire(dir, "train")) {
            return train(log, prepared, dir, fresh, freshConfig, init);
        }
    }

    /**
     * The run itself, with {@code dir} locked: {@code fresh}, {@code freshConfig} and {@code init} (the weights
     * {@code --init-from} read, or null without it) are null on --resume.
     */
    private int train(
            PrintStream log,
            RunData prepared,
            Path dir,
            ModelSpec fresh,
            TrainingConfig freshConfig,
            PretrainedWeights init)
            throws IOException {
        CheckpointStore store = new CheckpointStore(dir, keep);
        Checkpoint checkpoint = null;
        Path from = null;
        if (resume) {
            CheckpointStore.Loadable found = store.newestLoadable()
                    .orElseThrow(() -> new UsageException(dir + " has no checkpoint to resume from"));
            if (!found.passedOver().isEmpty()) {
                System.err.println("repflow train: resuming from " + found.dir().getFileName()
                        + ", the newest checkpoint that loads, instead of the newer one(s) it passes over: "
                        + String.join("; ", found.passedOver()));
            }
            checkpoint = found.checkpoint();
            from = found.dir();
        } else if (Files.exists(dir.resolve(CheckpointStore.LATEST))) {
            throw new UsageException(dir + " already holds a run ("
                    + store.latest()
                            .map(l -> "latest checkpoint " + l.getFileName())
                            .orElse("a 'latest' pointer")
                    + "); pass --resume to continue it or another --out to start a new one");
        }
        // the directory is ours now: what a killed writer left half-written goes
        RunFiles.removeTemporaries(dir);
        ModelSpec spec = resume ? checkpoint.manifest().spec() : fresh;
        TrainingConfig config = resume ? resumed(checkpoint.manifest().training()) : freshConfig;
        if (resume && !spec.input().equals(prepared.clip())) {
            throw new UsageException("the run in " + dir + " was trained on clips " + spec.input()
                    + " but the data options give " + prepared.clip() + "; pass the same --frames and --size");
        }
        RunFiles.writeClasses(dir, prepared.classes());

        SkipLog skips = new SkipLog(dir);
        long seed = backendOptions.seed;
        Backend backend = selectedBackend.get(); // Main, the injector's owner, closes it
        try (CompiledModel net = compiler.get().compile(spec, seed);
                ProgressReporter progress = new ProgressReporter(log, ProgressReporter.isTerminal());
                RunMetrics metrics = new RunMetrics(dir, resume);
                LoaderBatches train = new LoaderBatches(
                        prepared.train(), config.batchSize(), data.workers(), seed, data.onBadVideo, skips);
                LoaderViews validation = prepared.validation() == null
                        ? null
                        : new LoaderViews(
                                prepared.validation(),
                                config.batchSize(),
                                data.workers(),
                                seed,
                                data.onBadVideo,
                                skips,
                                "validation")) {
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
            if (init != null) {
                PretrainedWeights.Result r = init.applyTo(spec, net.parameters());
                net.setParameters(r.values());
                log.println("initialised from " + init.file() + " ("
                        + init.origin().name().toLowerCase(java.util.Locale.ROOT) + "), inputs " + normalize + ":");
                r.lines().forEach(l -> log.println("  " + l));
            }
            if (!resume) {
                RunRecord.write(dir, commandSpec, versions(backend));
            }
            log.println("run directory: " + dir.toAbsolutePath()
                    + (resume ? " (resuming " + from.getFileName() + ")" : ""));
            // SIGTERM/SIGINT stop training after the running step (StopSignals), other exits get this line
            Thread hook = new Thread(() -> System.err.println(interrupted(store)));
            Runtime.getRuntime().addShutdownHook(hook);
            StopSignals.handle(() -> {});
            TrainingListener listener = new TrainingListener() {
                @Override
                public void stepFinished(TrainingStep step) {
                    progress.stepFinished(step);
                    metrics.stepFinished(step);
                    StopSignals.check();
                }

                @Override
                public void epochFinished(EpochSummary summary, Path saved) {
                    progress.epochFinished(summary, saved);
                    metrics.epochFinished(summary, saved);
                }
            };
            Trainer trainer = new Trainer(net, config, store, backend.id(), listener);
            TrainingReport report;
            try {
                report = resume ? trainer.resume(checkpoint, train, validation) : trainer.fit(train, validation);
            } catch (TrainingDivergedException e) {
                throw new IllegalStateException(e.getMessage(), e);
            } catch (StopSignals.Stopped e) {
                System.err.println(interrupted(store));
                return StopSignals.status(e.signal());
            } finally {
                // only a signal ends the JVM while training: an error or the end of training is no interruption
                removeHook(hook);
            }
            try {
                return finish(log, backend, net, prepared, dir, report, config, skips);
            } catch (StopSignals.Stopped e) {
                System.err.println("repflow train: interrupted by SIG" + e.signal()
                        + " during the final evaluation; training finished, its last checkpoint is "
                        + report.lastCheckpoint());
                return StopSignals.status(e.signal());
            }
        }
    }

    /** What a signal during training leaves: the checkpoint to continue from, or that there is none yet. */
    private static String interrupted(CheckpointStore store) {
        Optional<Path> latest;
        try {
            latest = store.latest();
        } catch (IOException | RuntimeException e) {
            latest = Optional.empty();
        }
        return latest.isPresent()
                ? "repflow train: interrupted; checkpoints are written atomically, so the latest complete one ("
                        + latest.get().getFileName() + ") is intact. Continue with: repflow train --resume --out "
                        + store.root()
                : "repflow train: interrupted before the first checkpoint was written; there is nothing to resume,"
                        + " start the run again";
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting (a signal): the hook reports it
        }
    }

    /** The recorded training config, with the epochs and checkpoint interval a resume may change. */
    private TrainingConfig resumed(TrainingConfig recorded) {
        picocli.CommandLine.ParseResult parsed = commandSpec.commandLine().getParseResult();
        TrainingConfig c = recorded;
        if (parsed.hasMatchedOption("--epochs")) {
            c = c.withEpochs(optimizer.epochs);
        }
        if (parsed.hasMatchedOption("--checkpoint-every")) {
            c = c.withCheckpointEverySteps(optimizer.checkpointEvery);
        }
        return c;
    }

    /** On --resume: a flag that says something else than the run's record is refused, naming both. */
    private void refuseContradictions(Path dir) {
        Optional<ConfigFile> record = RunRecord.in(dir);
        if (record.isEmpty()) {
            return;
        }
        picocli.CommandLine.ParseResult parsed = commandSpec.commandLine().getParseResult();
        for (picocli.CommandLine.Model.OptionSpec o : commandSpec.options()) {
            String key = RunRecord.key(o);
            String was = record.get().values().get(key);
            if (!RunRecord.recorded(o) || CHANGEABLE_ON_RESUME.contains(key) || !parsed.hasMatchedOption(o)) {
                continue;
            }
            String now = RunRecord.text(o.getValue());
            if (!now.equals(was == null ? "null" : RunRecord.text(normalised(o, was)))) {
                throw new UsageException(o.longestName() + " " + now + " contradicts the run being resumed, which has "
                        + key + " " + (was == null ? "unset" : was) + " ("
                        + record.get().file()
                        + "); drop the flag, or start a new run with another --out");
            }
        }
    }

    /** A recorded value in the form the option's own value takes (paths absolute, lists sorted). */
    private static Object normalised(picocli.CommandLine.Model.OptionSpec o, String recorded) {
        if (o.type() == Path.class) {
            return Path.of(recorded);
        }
        if (java.util.Collection.class.isAssignableFrom(o.type())) {
            return java.util.Arrays.asList(recorded.split(","));
        }
        if (o.type() == double.class || o.type() == Double.class) {
            return Double.parseDouble(recorded);
        }
        return recorded;
    }

    private static java.util.Map<String, String> versions(Backend backend) {
        java.util.Map<String, String> v = new java.util.LinkedHashMap<>();
        v.put("repflow", new VersionProvider().getVersion()[0].replaceFirst("^repflow ", ""));
        v.put("java", System.getProperty("java.version"));
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        v.put("engine", backend.id() + " " + backend.engineVersion());
        return v;
    }

    private int finish(
            PrintStream log,
            Backend backend,
            CompiledModel net,
            RunData prepared,
            Path dir,
            TrainingReport report,
            TrainingConfig config,
            SkipLog skips)
            throws IOException {
        if (prepared.test() == null) {
            log.println("no held-out set given (--val-csv, --val-list or --val-root); checkpoint: "
                    + report.lastCheckpoint());
            return 0;
        }
        EvaluationResult r;
        HostTensor firstView;
        try (LoaderViews test = new LoaderViews(
                prepared.test(),
                config.batchSize(),
                data.workers(),
                backendOptions.seed,
                data.onBadVideo,
                skips,
                "test")) {
            FirstView first = new FirstView();
            r = new Evaluator(config.batchSize()).evaluate(net, first.watching(test));
            firstView = first.view();
        }
        RunFiles.writeConfusion(dir, "confusion", r.confusion(), prepared.classes());
        Path strip = LearnedFlowPictures.write(backend, net.parameters(), firstView, dir);
        log.printf(
                "held-out: top-1 %.3f  top-5 %.3f  mean class accuracy %.3f  (%d clips, chance %.3f)%n",
                r.top1(),
                r.top5(),
                r.meanClassAccuracy(),
                r.samples(),
                1.0 / prepared.classes().size());
        log.println("checkpoint: " + report.lastCheckpoint());
        log.println("metrics:    " + dir.resolve(RunMetrics.JSONL) + ", " + dir.resolve(RunMetrics.CSV)
                + ", TensorBoard: tensorboard --logdir " + dir);
        log.println("pictures:   " + dir.resolve(RunMetrics.CURVES) + ", " + dir.resolve("confusion.png")
                + (strip == null ? "" : ", " + strip + ", " + dir.resolve("flow.gif")));
        return 0;
    }
}
