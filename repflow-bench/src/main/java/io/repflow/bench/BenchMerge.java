package io.repflow.bench;

import io.repflow.bench.internal.MachineInfo;
import io.repflow.bench.internal.PythonBaseline;
import io.repflow.bench.internal.RawResults;
import io.repflow.bench.report.MarkdownReport;
import io.repflow.spi.BackendProvider;
import io.repflow.spi.Backends;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One full-mode report from several full-mode runs on the same machine, each with other backends (a run
 * of every engine at once takes hours on two cores; an engine that lands later is measured alone):
 * <pre>
 * java -cp ... io.repflow.bench.BenchMerge --report OUT [--threads N] [--note TEXT] RUN_DIR...
 * </pre>
 * Each {@code RUN_DIR} is a {@code --report} directory of {@code BenchMain --full}. Each row — a backend's or the
 * PyTorch baseline's time or memory at a layer point, a network's or TV-L1's per video, a memory case — is taken from the
 * first run that has it, the memory bandwidth too: a short run of a few points given first replaces just those
 * rows of a full run given after it. Their raw files are copied into {@code OUT/benchmarks/raw} (a later run's
 * file of a name already there into {@code raw/run-N/}). The report says what came from which run.
 * Exit code 0 when the report was written, 2 for bad arguments or unreadable results.
 */
public final class BenchMerge {

    private static final Logger LOG = LoggerFactory.getLogger(BenchMerge.class);
    private static final Pattern THREADS = Pattern.compile("--threads (\\d+)");

    private BenchMerge() {}

    public static void main(String[] args) {
        Path out = null;
        Integer threads = null;
        String note = "";
        List<Path> runs = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--report" -> out = Paths.get(value(args, ++i, "--report"));
                    case "--threads" -> threads = Integer.parseInt(value(args, ++i, "--threads"));
                    case "--note" -> note = value(args, ++i, "--note");
                    default -> {
                        if (args[i].startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + args[i]);
                        }
                        runs.add(Paths.get(args[i]));
                    }
                }
            }
            if (out == null || runs.isEmpty()) {
                throw new IllegalArgumentException("need --report OUT and at least one run directory");
            }
            BenchReport report = merge(runs, out, threads, note, String.join(" ", args));
            LOG.info(
                    "merged {} layer timings, {} per-video timings, {} memory figures of {} into {}",
                    report.layer().size(),
                    report.video().size(),
                    report.memory().size(),
                    report.backends(),
                    out.resolve(BenchReport.MARKDOWN));
        } catch (IllegalArgumentException | IOException e) {
            LOG.error("{}", e.getMessage());
            LOG.error("usage: BenchMerge --report OUT [--threads N] [--note TEXT] RUN_DIR...");
            System.exit(2);
        }
    }

    /**
     * Reads the runs, writes the merged report into {@code out} and returns it. {@code threads} defaults to
     * the PyTorch baseline's; the full plan is assumed (a run with other sweeps would list its points as missing).
     */
    public static BenchReport merge(List<Path> runs, Path out, Integer threads, String note, String command)
            throws IOException {
        List<RawResults> raws = new ArrayList<>();
        for (Path run : runs) {
            raws.add(RawResults.read(run.resolve(BenchReport.ASSETS).resolve("raw")));
        }
        Set<String> taken = new LinkedHashSet<>();
        Set<String> rows = new java.util.HashSet<>();
        List<LayerTiming> layer = new ArrayList<>();
        List<VideoTiming> video = new ArrayList<>();
        List<MemoryFigure> memory = new ArrayList<>();
        List<TrainingTiming> training = new ArrayList<>();
        List<MatMulPeak> matMul = new ArrayList<>();
        List<LayerMemory> layerMemory = new ArrayList<>();
        Optional<PythonBaseline.Result> baseline = Optional.empty();
        Optional<MemoryBandwidth> bandwidth = Optional.empty();
        List<String> origins = new ArrayList<>();
        List<String> layerOrigins = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        Path rawOut = out.resolve(BenchReport.ASSETS).resolve("raw");
        Files.createDirectories(rawOut);
        Set<String> copied = new java.util.HashSet<>();
        Instant first = null;
        for (int i = 0; i < raws.size(); i++) {
            RawResults r = raws.get(i);
            // each row (backend or baseline, operation, point; network and video; memory case) from the first run
            // that has it
            Set<String> from = new LinkedHashSet<>();
            Set<LayerPoint> points = new LinkedHashSet<>();
            for (LayerTiming t : r.layer()) {
                if (rows.add("layer " + t.backend() + " " + t.operation() + " " + t.point())) {
                    layer.add(t);
                    from.add(t.backend());
                    points.add(t.point());
                }
            }
            for (LayerMemory m : r.layerMemory()) {
                if (rows.add("layer memory " + m.backend() + " " + m.operation() + " " + m.point())) {
                    layerMemory.add(m);
                    from.add(m.backend());
                }
            }
            for (VideoTiming t : r.video()) {
                if (rows.add("video " + t.backend() + " " + t.component() + " " + t.video())) {
                    video.add(t);
                    from.add(t.backend());
                }
            }
            for (MemoryFigure f : r.memory()) {
                if (rows.add("memory " + f.backend() + " " + f.memoryCase())) {
                    memory.add(f);
                    from.add(f.backend());
                }
            }
            for (TrainingTiming t : r.training()) {
                if (rows.add("training " + t.backend() + " " + t.trainingCase())) {
                    training.add(t);
                    from.add(t.backend());
                }
            }
            for (MatMulPeak p : r.matMul()) {
                if (rows.add("matmul " + p.backend())) {
                    matMul.add(p);
                    from.add(p.backend());
                }
            }
            boolean takeBaseline = from.contains(LayerTiming.PYTORCH);
            if (takeBaseline && baseline.isEmpty()) {
                baseline = r.baseline();
            }
            boolean takeTriad = bandwidth.isEmpty() && r.bandwidth().isPresent();
            if (takeTriad) {
                bandwidth = r.bandwidth();
            }
            boolean takeTvl1 = from.contains(VideoTiming.OPENCV);
            List<String> fresh = from.stream()
                    .filter(b -> !b.equals(LayerTiming.PYTORCH) && !b.equals(VideoTiming.OPENCV))
                    .toList();
            taken.addAll(fresh);
            if (!from.isEmpty() || takeTriad) {
                first = first == null || r.firstFile().isBefore(first) ? r.firstFile() : first;
                List<String> what = new ArrayList<>(fresh);
                if (takeTvl1) {
                    what.add("OpenCV TV-L1");
                }
                if (takeBaseline) {
                    what.add("PyTorch baseline");
                }
                if (takeTriad) {
                    what.add("memory bandwidth");
                }
                int number = origins.size() + 1;
                origins.add("run " + number + " (first result written " + MarkdownReport.date(r.firstFile()) + "): "
                        + String.join(", ", what));
                if (!points.isEmpty()) {
                    layerOrigins.add("run " + number + ": "
                            + String.join(
                                    ", ", points.stream().map(LayerPoint::key).toList()));
                }
                commands.add(runCommand(runs.get(i), number));
                copyRaw(r.dir(), rawOut, number, copied, fresh, takeBaseline, takeTvl1, takeTriad);
            }
        }
        if (taken.isEmpty()) {
            throw new IOException("no backend results in " + runs);
        }
        int n = threads != null
                ? threads
                : baseline.map(PythonBaseline.Result::threads)
                        .orElseThrow(() -> new IllegalArgumentException(
                                "no PyTorch baseline to take the thread count from; pass --threads"));
        for (int i = 0; i < commands.size(); i++) {
            Matcher m = THREADS.matcher(commands.get(i));
            if (m.find() && Integer.parseInt(m.group(1)) != n) {
                throw new IllegalArgumentException(
                        "run " + (i + 1) + " measured with " + m.group(1) + " threads, the merged report states " + n
                                + ": the figures would be compared as equals (" + commands.get(i) + ")");
            }
        }
        List<BackendProvider> providers = Backends.load().providers().stream()
                .filter(p -> taken.contains(p.id()))
                .toList();
        String merged = "Merged from " + runs.size() + " full-mode runs on this machine: " + String.join("; ", origins)
                + "."
                + (layerOrigins.size() > 1
                        ? " Layer points by run (a row comes from the first run that has it): "
                                + String.join("; ", layerOrigins) + "."
                        : "")
                + (note.isEmpty() ? "" : " " + note);
        commands.add(BenchMerge.class.getName() + " " + command);
        Environment env = MachineInfo.describe(BenchMode.FULL, n, providers, merged, String.join("\n", commands));
        if (baseline.isPresent()) {
            env = env.withLibrary(BenchRunner.PYTORCH_LIBRARY, PythonBaseline.describe(baseline.get()));
        }
        env = env.withDate(first);
        BenchPlan plan = BenchPlan.full();
        BenchReport report = new BenchReport(
                env,
                plan,
                layer,
                video,
                memory,
                missing(plan, List.copyOf(taken), layer, layerMemory, video, memory, training, matMul),
                bandwidth,
                training,
                matMul,
                layerMemory);
        report.write(out);
        return report;
    }

    /** The command that made a run, from its report's reproduce section. */
    private static String runCommand(Path run, int number) throws IOException {
        Path md = run.resolve(BenchReport.MARKDOWN);
        if (Files.isRegularFile(md)) {
            for (String line : Files.readAllLines(md)) {
                if (line.startsWith(MarkdownReport.JAVA)) {
                    return line.substring(MarkdownReport.JAVA.length());
                }
            }
        }
        return "# run " + number + ": no command line found in " + md;
    }

    /** What the full plan asks of each backend and no run measured. */
    private static List<Skip> missing(
            BenchPlan plan,
            List<String> backends,
            List<LayerTiming> layer,
            List<LayerMemory> layerMemory,
            List<VideoTiming> video,
            List<MemoryFigure> memory,
            List<TrainingTiming> training,
            List<MatMulPeak> matMul) {
        List<Skip> skips = new ArrayList<>();
        for (String b : backends) {
            for (LayerPoint p : plan.layerPoints()) {
                for (LayerOperation op : LayerOperation.values()) {
                    if (layer.stream().noneMatch(t -> t.is(b, op, p))) {
                        skips.add(new Skip(
                                b,
                                BenchPart.LAYER,
                                op.label() + " " + p.key() + ": no result in the merged runs (see their raw logs)"));
                    }
                    if (layerMemory.stream().noneMatch(m -> m.is(b, op, p))) {
                        skips.add(new Skip(
                                b,
                                BenchPart.LAYER,
                                op.label() + " " + p.key()
                                        + " memory: no result in the merged runs (see their raw logs)"));
                    }
                }
            }
            for (PaperModel m : plan.models()) {
                for (VideoShape v : plan.videos()) {
                    if (video.stream()
                            .noneMatch(t -> t.backend().equals(b)
                                    && t.component().equals(m.id())
                                    && t.video().equals(v))) {
                        skips.add(new Skip(
                                b,
                                BenchPart.VIDEO,
                                m.id() + " " + v.key() + ": no result in the merged runs (see their raw logs)"));
                    }
                }
            }
            for (MemoryCase c : plan.memory()) {
                if (memory.stream()
                        .noneMatch(f -> f.backend().equals(b) && f.memoryCase().equals(c))) {
                    skips.add(new Skip(
                            b, BenchPart.MEMORY, c.label() + ": no result in the merged runs (see their raw logs)"));
                }
            }
            for (TrainingCase c : plan.training()) {
                if (training.stream()
                        .noneMatch(
                                t -> t.backend().equals(b) && t.trainingCase().equals(c))) {
                    skips.add(new Skip(
                            b, BenchPart.TRAINING, c.label() + ": no result in the merged runs (see their raw logs)"));
                }
            }
            if (matMul.stream().noneMatch(p -> p.backend().equals(b))) {
                skips.add(new Skip(
                        b,
                        BenchPart.MATMUL,
                        plan.matMul().label() + ": no result in the merged runs (see their raw logs)"));
            }
        }
        return skips;
    }

    /**
     * The raw files behind what was taken from run {@code number}, so that OUT keeps the figures it shows: into
     * {@code raw/}, or {@code raw/run-N/} where an earlier run's file of the same name is there already.
     */
    private static void copyRaw(
            Path from,
            Path to,
            int number,
            Set<String> copied,
            List<String> backends,
            boolean baseline,
            boolean tvl1,
            boolean triad)
            throws IOException {
        if (from.toAbsolutePath().normalize().equals(to.toAbsolutePath().normalize())) {
            return;
        }
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                boolean wanted = backends.stream().anyMatch(b -> RawResults.isOfBackend(name, b))
                        || (tvl1 && RawResults.isTvl1(name))
                        || (triad && RawResults.isTriad(name))
                        || (baseline && name.startsWith("python-"));
                if (wanted) {
                    Path dir = copied.add(name) ? to : to.resolve("run-" + number);
                    Files.createDirectories(dir);
                    Files.copy(f, dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
