package io.repflow.bench;

import io.repflow.bench.internal.BenchBackends;
import io.repflow.bench.internal.JmhLauncher;
import io.repflow.bench.internal.JmhResult;
import io.repflow.bench.internal.LayerMemorySuite;
import io.repflow.bench.internal.MachineInfo;
import io.repflow.bench.internal.ModelEngines;
import io.repflow.bench.internal.PythonBaseline;
import io.repflow.bench.internal.RawResults;
import io.repflow.bench.jmh.FlowLayerBenchmark;
import io.repflow.bench.jmh.MatMulBenchmark;
import io.repflow.bench.jmh.OpenCvTvl1Benchmark;
import io.repflow.bench.jmh.PeakRssProfiler;
import io.repflow.bench.jmh.StreamTriadBenchmark;
import io.repflow.bench.jmh.TrainingStepBenchmark;
import io.repflow.bench.jmh.VideoInferenceBenchmark;
import io.repflow.reference.PythonOracle;
import io.repflow.spi.BackendProvider;
import io.repflow.spi.BackendSelectionException;
import io.repflow.spi.Backends;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the benchmarks and builds the report — the entry point of {@code repflow bench}:
 * <pre>{@code
 * BenchReport report = BenchRunner.run(BenchOptions.builder()
 *         .mode(BenchMode.FULL).reportDir(Path.of("docs")).build());   // writes docs/benchmarks.md + docs/benchmarks/*.png
 * }</pre>
 * Every measurement runs in JVMs of its own (JMH children, one per backend and suite, and with FULL
 * JMH forks per parameter set), one after the other, so engines never share a process or compete for
 * cores. The parts run in order: flow layer per backend, the PyTorch baseline, OpenCV TV-L1, per-video
 * inference per backend, training-step memory per backend. What cannot run (a backend without a model
 * compiler, Python without torch, a failed parameter set) is listed in the report with the reason.
 */
public final class BenchRunner {

    private static final Logger LOG = LoggerFactory.getLogger(BenchRunner.class);
    /** The report's library line for the PyTorch baseline. */
    static final String PYTORCH_LIBRARY = "PyTorch (baseline, eager)";

    private final BenchOptions options;
    private final BenchPlan plan;
    private final List<Skip> skipped = new ArrayList<>();

    private BenchRunner(BenchOptions options) {
        this.options = options;
        this.plan = options.plan();
    }

    /** Runs everything {@code options} asks for; writes the report when {@code options.reportDir()} is set. */
    public static BenchReport run(BenchOptions options) {
        return new BenchRunner(options).runAll();
    }

    /**
     * The backends a run measures: the named ones, else every installed engine (priority 0 or more),
     * else the backends of negative priority (the slow float64 {@code reference}) alone.
     */
    public static List<BackendProvider> chooseBackends(Backends installed, List<String> ids) {
        if (!ids.isEmpty()) {
            List<BackendProvider> chosen = new ArrayList<>();
            for (String id : ids) {
                chosen.add(installed
                        .find(id)
                        .orElseThrow(() -> new BackendSelectionException(
                                "unknown backend '" + id + "' for the benchmarks; installed: " + installed.listing())));
            }
            return List.copyOf(chosen);
        }
        List<BackendProvider> all = installed.providers();
        if (all.isEmpty()) {
            throw new BackendSelectionException(
                    "no repflow backend is installed, nothing to benchmark; add repflow-backend-djl, -tf or -nd4j "
                            + "(or repflow-reference for the float64 'reference') to the class path");
        }
        List<BackendProvider> engines =
                all.stream().filter(p -> p.priority() >= 0).toList();
        return engines.isEmpty() ? all : engines;
    }

    private BenchReport runAll() {
        List<BackendProvider> backends = chooseBackends(Backends.load(), options.backends());
        Environment env = MachineInfo.describe(
                options.mode(),
                options.threads(),
                backends,
                options.note(),
                BenchMain.class.getName() + " " + options.commandLine());
        Path raw = rawDir();
        JmhLauncher jmh = new JmhLauncher(options.java(), classPath(), benchJvmArgs(), raw);
        LOG.info(
                "benchmarks ({}): backends {}, {} threads, raw results in {}",
                options.mode(),
                backends.stream().map(BackendProvider::id).toList(),
                options.threads(),
                raw);

        List<LayerTiming> layer = new ArrayList<>();
        List<VideoTiming> video = new ArrayList<>();
        List<MemoryFigure> memory = new ArrayList<>();
        List<TrainingTiming> training = new ArrayList<>();
        List<MatMulPeak> matMul = new ArrayList<>();
        Optional<MemoryBandwidth> bandwidth = Optional.empty();
        List<LayerMemory> layerMemory = new ArrayList<>();
        if (options.runs(BenchPart.LAYER)) {
            bandwidth = triadSuite(jmh);
            for (BackendProvider p : backends) {
                layer.addAll(layerSuite(jmh, p.id()));
                layerMemory.addAll(layerMemorySuite(jmh, p.id()));
            }
        }
        if (options.runs(BenchPart.PYTORCH_BASELINE)) {
            env = baseline(raw, layer, env);
            layerMemory.addAll(baselineMemory(raw));
        }
        if (options.runs(BenchPart.VIDEO)) {
            video.addAll(tvl1Suite(jmh));
            for (BackendProvider p : backends) {
                if (ModelEngines.compilesModels(p)) {
                    video.addAll(videoSuite(jmh, p.id()));
                } else {
                    skipped.add(new Skip(p.id(), BenchPart.VIDEO, ModelEngines.missing(p, false)));
                }
            }
        }
        if (options.runs(BenchPart.PYTORCH_VIDEO)) {
            video.addAll(pytorchVideo(raw));
        }
        if (options.runs(BenchPart.MATMUL)) {
            for (BackendProvider p : backends) {
                if (ModelEngines.compilesModels(p)) {
                    matMulSuite(jmh, p.id()).ifPresent(matMul::add);
                } else {
                    skipped.add(new Skip(p.id(), BenchPart.MATMUL, ModelEngines.missing(p, false)));
                }
            }
        }
        if (options.runs(BenchPart.MEMORY)) {
            for (BackendProvider p : backends) {
                if (ModelEngines.trainsModels(p)) {
                    for (MemoryCase c : plan.memory()) {
                        memorySuite(jmh, p.id(), c).ifPresent(memory::add);
                    }
                } else {
                    skipped.add(new Skip(p.id(), BenchPart.MEMORY, ModelEngines.missing(p, true)));
                }
            }
        }
        if (options.runs(BenchPart.TRAINING)) {
            for (BackendProvider p : backends) {
                if (ModelEngines.trainsModels(p)) {
                    training.addAll(trainingSuite(jmh, p.id()));
                } else {
                    skipped.add(new Skip(p.id(), BenchPart.TRAINING, ModelEngines.missing(p, true)));
                }
            }
        }
        BenchReport report =
                new BenchReport(env, plan, layer, video, memory, skipped, bandwidth, training, matMul, layerMemory);
        if (options.reportDir() != null) {
            Path md = report.write(options.reportDir());
            LOG.info("report written to {}", md);
        }
        return report;
    }

    private List<LayerTiming> layerSuite(JmhLauncher jmh, String backend) {
        List<String> points = plan.layerPoints().stream().map(LayerPoint::key).toList();
        JmhLauncher.Outcome out = jmh.run(new JmhLauncher.Suite(
                RawResults.layerSuite(backend),
                FlowLayerBenchmark.class,
                Map.of("backend", List.of(backend), "point", points),
                plan.layerJmh(),
                List.of()));
        List<LayerTiming> timings = new ArrayList<>();
        for (JmhResult r : out.results()) {
            timings.add(RawResults.layerTiming(backend, r));
        }
        for (LayerPoint p : plan.layerPoints()) {
            for (LayerOperation op : LayerOperation.values()) {
                if (timings.stream().noneMatch(t -> t.point().equals(p) && t.operation() == op)) {
                    skipped.add(new Skip(
                            backend,
                            BenchPart.LAYER,
                            op.label() + " " + p.key() + ": "
                                    + missing(out, Map.of("point", p.key(), JmhLauncher.METHOD, op.method()))));
                }
            }
        }
        return timings;
    }

    /** The layer's memory per call at every point, a JVM per point and operation. */
    private List<LayerMemory> layerMemorySuite(JmhLauncher jmh, String backend) {
        LayerMemorySuite.Outcome out =
                new LayerMemorySuite(jmh).run(backend, plan.layerPoints(), List.of(LayerOperation.values()));
        for (String failure : out.failures()) {
            skipped.add(new Skip(backend, BenchPart.LAYER, "memory of " + failure));
        }
        return out.figures();
    }

    /** The PyTorch baseline's memory per call at every point, a Python process per point and operation. */
    private List<LayerMemory> baselineMemory(Path raw) {
        try {
            return new PythonBaseline(options.python(), raw)
                    .memory(plan.layerPoints(), List.of(LayerOperation.values()), options.threads());
        } catch (IOException e) {
            LOG.warn("PyTorch baseline's memory not measured: {}", e.getMessage());
            skipped.add(
                    new Skip(LayerTiming.PYTORCH, BenchPart.PYTORCH_BASELINE, "memory: " + firstLine(e.getMessage())));
            return List.of();
        }
    }

    /** The machine's memory bandwidth, the floor of the layer rows; quick mode on small arrays (a smoke figure). */
    private Optional<MemoryBandwidth> triadSuite(JmhLauncher jmh) {
        boolean full = options.mode() == BenchMode.FULL;
        int elements = full ? StreamTriadBenchmark.DEFAULT_ELEMENTS : StreamTriadBenchmark.DEFAULT_ELEMENTS / 8;
        JmhSettings settings =
                full ? new JmhSettings(1, 2, Duration.ofSeconds(1), 5, Duration.ofSeconds(1)) : plan.layerJmh();
        JmhLauncher.Outcome out = jmh.run(new JmhLauncher.Suite(
                RawResults.TRIAD_SUITE,
                StreamTriadBenchmark.class,
                Map.of(
                        "threads",
                        List.of(String.valueOf(options.threads())),
                        "elements",
                        List.of(String.valueOf(elements))),
                settings,
                List.of()));
        if (out.results().isEmpty()) {
            skipped.add(new Skip(
                    "triad", BenchPart.LAYER, "memory bandwidth (no floor column): " + missing(out, Map.of())));
            return Optional.empty();
        }
        MemoryBandwidth b = RawResults.bandwidth(out.results().get(0));
        LOG.info("memory bandwidth (triad, {} threads): {} GB/s", b.threads(), String.format("%.1f", b.gbPerS()));
        return Optional.of(b);
    }

    private Environment baseline(Path raw, List<LayerTiming> layer, Environment env) {
        try {
            PythonBaseline.Result r = new PythonBaseline(options.python(), raw)
                    .time(plan.layerPoints(), options.threads(), plan.baselineWarmup(), plan.baselineRepeat());
            layer.addAll(r.timings());
            return env.withLibrary(PYTORCH_LIBRARY, PythonBaseline.describe(r));
        } catch (IOException e) {
            LOG.warn("PyTorch baseline not measured: {}", e.getMessage());
            skipped.add(new Skip(LayerTiming.PYTORCH, BenchPart.PYTORCH_BASELINE, firstLine(e.getMessage())));
            return env;
        }
    }

    private List<VideoTiming> pytorchVideo(Path raw) {
        try {
            return new PythonBaseline(options.python(), raw)
                    .timeVideo(
                            plan.models(),
                            plan.videos(),
                            options.threads(),
                            plan.videoJmh().warmupIterations(),
                            plan.videoJmh().iterations())
                    .timings();
        } catch (IOException e) {
            LOG.warn("PyTorch per-video networks not measured: {}", e.getMessage());
            skipped.add(new Skip(LayerTiming.PYTORCH, BenchPart.PYTORCH_VIDEO, firstLine(e.getMessage())));
            return List.of();
        }
    }

    private List<VideoTiming> tvl1Suite(JmhLauncher jmh) {
        List<String> videos = plan.videos().stream().map(VideoShape::key).toList();
        JmhLauncher.Outcome out = jmh.run(new JmhLauncher.Suite(
                RawResults.TVL1_SUITE, OpenCvTvl1Benchmark.class, Map.of("video", videos), plan.videoJmh(), List.of()));
        List<VideoTiming> timings = new ArrayList<>();
        for (JmhResult r : out.results()) {
            timings.add(RawResults.tvl1Timing(r));
        }
        for (VideoShape v : plan.videos()) {
            if (timings.stream().noneMatch(t -> t.video().equals(v))) {
                skipped.add(new Skip(
                        VideoTiming.OPENCV,
                        BenchPart.VIDEO,
                        "TV-L1 " + v.key() + ": " + missing(out, Map.of("video", v.key()))));
            }
        }
        return timings;
    }

    private List<VideoTiming> videoSuite(JmhLauncher jmh, String backend) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("backend", List.of(backend));
        params.put("model", plan.models().stream().map(PaperModel::id).toList());
        params.put("video", plan.videos().stream().map(VideoShape::key).toList());
        JmhLauncher.Outcome out = jmh.run(new JmhLauncher.Suite(
                RawResults.videoSuite(backend), VideoInferenceBenchmark.class, params, plan.videoJmh(), List.of()));
        List<VideoTiming> timings = new ArrayList<>();
        for (JmhResult r : out.results()) {
            timings.add(RawResults.videoTiming(backend, r));
        }
        for (PaperModel m : plan.models()) {
            for (VideoShape v : plan.videos()) {
                if (timings.stream()
                        .noneMatch(
                                t -> t.component().equals(m.id()) && t.video().equals(v))) {
                    skipped.add(new Skip(
                            backend,
                            BenchPart.VIDEO,
                            m.id() + " " + v.key() + ": " + missing(out, Map.of("model", m.id(), "video", v.key()))));
                }
            }
        }
        return timings;
    }

    private Optional<MemoryFigure> memorySuite(JmhLauncher jmh, String backend, MemoryCase c) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("backend", List.of(backend));
        params.put("model", List.of(c.model().id()));
        params.put("video", List.of(c.video().key()));
        params.put("batch", List.of(String.valueOf(c.batch())));
        String tag = RawResults.memorySuite(backend, c);
        JmhLauncher.Outcome out = jmh.run(new JmhLauncher.Suite(
                tag,
                TrainingStepBenchmark.class,
                params,
                plan.memoryJmh(),
                List.of("gc", PeakRssProfiler.class.getName())));
        if (out.results().isEmpty()) {
            skipped.add(new Skip(backend, BenchPart.MEMORY, c.label() + ": " + missing(out, Map.of())));
            return Optional.empty();
        }
        JmhResult r = out.results().get(0);
        return Optional.of(RawResults.memoryFigure(backend, c, r));
    }

    private Optional<MatMulPeak> matMulSuite(JmhLauncher jmh, String backend) {
        MatMulPeak.Dims d = plan.matMul();
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("backend", List.of(backend));
        params.put("m", List.of(String.valueOf(d.m())));
        params.put("k", List.of(String.valueOf(d.k())));
        params.put("n", List.of(String.valueOf(d.n())));
        JmhLauncher.Outcome out = jmh.run(new JmhLauncher.Suite(
                RawResults.matMulSuite(backend), MatMulBenchmark.class, params, plan.videoJmh(), List.of()));
        if (out.results().isEmpty()) {
            skipped.add(new Skip(backend, BenchPart.MATMUL, d.label() + ": " + missing(out, Map.of())));
            return Optional.empty();
        }
        return Optional.of(RawResults.matMulPeak(backend, out.results().get(0)));
    }

    private List<TrainingTiming> trainingSuite(JmhLauncher jmh, String backend) {
        List<TrainingTiming> timings = new ArrayList<>();
        // one JMH run per case: JMH would run the cross product of the parameters
        for (TrainingCase c : plan.training()) {
            Map<String, List<String>> params = new LinkedHashMap<>();
            params.put("backend", List.of(backend));
            params.put("model", List.of(c.model()));
            params.put("video", List.of(c.video().key()));
            params.put("batch", List.of(String.valueOf(c.batch())));
            JmhLauncher.Outcome out = jmh.run(new JmhLauncher.Suite(
                    RawResults.trainingSuite(backend, c),
                    TrainingStepBenchmark.class,
                    params,
                    plan.trainingJmh(),
                    List.of(PeakRssProfiler.class.getName())));
            if (out.results().isEmpty()) {
                skipped.add(new Skip(backend, BenchPart.TRAINING, c.label() + ": " + missing(out, Map.of())));
            } else {
                timings.add(RawResults.trainingTiming(backend, out.results().get(0)));
            }
        }
        return timings;
    }

    /** Why a parameter set has no result: its exception when JMH printed one, with the log to read. */
    private static String missing(JmhLauncher.Outcome out, Map<String, String> params) {
        String where = "see raw/" + out.log().getFileName();
        return out.failure(params)
                .map(m -> "failed: " + m + " (" + where + ")")
                .orElse(
                        out.exitCode() != 0
                                ? "JMH exited with " + out.exitCode() + " (" + where + ")"
                                : "no result (" + where + ")");
    }

    private Path rawDir() {
        try {
            if (options.reportDir() != null) {
                Path raw = options.reportDir().resolve(BenchReport.ASSETS).resolve("raw");
                Files.createDirectories(raw);
                // results of an earlier run would read as this run's
                try (Stream<Path> old = Files.list(raw)) {
                    for (Path f : old.filter(BenchRunner::isRawResult).toList()) {
                        Files.delete(f);
                    }
                }
                return raw;
            }
            return Files.createTempDirectory("repflow-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the directory for raw benchmark results", e);
        }
    }

    /** A file this runner writes into {@code raw/}. */
    private static boolean isRawResult(Path f) {
        String name = f.getFileName().toString();
        return Files.isRegularFile(f)
                && (name.startsWith(JmhLauncher.FILE_PREFIX)
                        || name.startsWith("python-")
                        || name.startsWith(LayerMemorySuite.FILE_PREFIX)
                        || name.equals("flow_baseline.py")
                        || name.equals(PythonOracle.FILE));
    }

    /** The JMH JVMs' class path: the one given, else this JVM's class path and module path together. */
    private String classPath() {
        if (options.classPath() != null && !options.classPath().isBlank()) {
            return options.classPath();
        }
        String cp = Stream.of(System.getProperty("java.class.path"), System.getProperty("jdk.module.path"))
                .filter(s -> s != null && !s.isBlank())
                .collect(Collectors.joining(File.pathSeparator));
        if (cp.isBlank()) {
            throw new IllegalStateException(
                    "cannot tell the benchmark JVMs' class path: this JVM has neither java.class.path nor "
                            + "jdk.module.path; pass BenchOptions.classPath");
        }
        return cp;
    }

    /** Arguments of every benchmark JVM: the thread count, offline natives, a large stack for the reference's tape, then the user's. */
    private List<String> benchJvmArgs() {
        List<String> args = new ArrayList<>(List.of(
                "-Xss8m",
                "-Dai.djl.offline=true",
                "-Djava.awt.headless=true",
                "-D" + BenchBackends.THREADS_PROPERTY + "=" + options.threads(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        args.addAll(options.jvmArgs());
        return args;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
