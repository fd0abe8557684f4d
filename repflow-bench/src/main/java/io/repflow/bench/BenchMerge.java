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
 * Each {@code RUN_DIR} is a {@code --report} directory of {@code BenchMain --full}. A backend is taken from
 * the first run that measured it, OpenCV's TV-L1 and the PyTorch baseline from the first run that has them;
 * their raw files are copied into {@code OUT/benchmarks/raw}. The report says which run each backend came from.
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
        List<LayerTiming> layer = new ArrayList<>();
        List<VideoTiming> video = new ArrayList<>();
        List<MemoryFigure> memory = new ArrayList<>();
        Optional<PythonBaseline.Result> baseline = Optional.empty();
        boolean tvl1 = false;
        List<String> origins = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        Path rawOut = out.resolve(BenchReport.ASSETS).resolve("raw");
        Files.createDirectories(rawOut);
        Instant first = null;
        for (int i = 0; i < raws.size(); i++) {
            RawResults r = raws.get(i);
            List<String> fresh =
                    r.backends().stream().filter(b -> !taken.contains(b)).toList();
            boolean takeBaseline = baseline.isEmpty() && r.baseline().isPresent();
            boolean takeTvl1 =
                    !tvl1 && r.video().stream().anyMatch(t -> t.backend().equals(VideoTiming.OPENCV));
            for (String b : fresh) {
                layer.addAll(
                        r.layer().stream().filter(t -> t.backend().equals(b)).toList());
                video.addAll(
                        r.video().stream().filter(t -> t.backend().equals(b)).toList());
                memory.addAll(
                        r.memory().stream().filter(m -> m.backend().equals(b)).toList());
            }
            if (takeBaseline) {
                baseline = r.baseline();
                layer.addAll(baseline.get().timings());
            }
            if (takeTvl1) {
                video.addAll(r.video().stream()
                        .filter(t -> t.backend().equals(VideoTiming.OPENCV))
                        .toList());
                tvl1 = true;
            }
            taken.addAll(fresh);
            if (!fresh.isEmpty() || takeBaseline || takeTvl1) {
                first = first == null || r.firstFile().isBefore(first) ? r.firstFile() : first;
                List<String> what = new ArrayList<>(fresh);
                if (takeTvl1) {
                    what.add("OpenCV TV-L1");
                }
                if (takeBaseline) {
                    what.add("PyTorch baseline");
                }
                origins.add("run " + (origins.size() + 1) + " (first result written "
                        + MarkdownReport.date(r.firstFile()) + "): " + String.join(", ", what));
                commands.add(runCommand(runs.get(i), origins.size()));
                copyRaw(r.dir(), rawOut, fresh, takeBaseline, takeTvl1);
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
                + "." + (note.isEmpty() ? "" : " " + note);
        commands.add(BenchMerge.class.getName() + " " + command);
        Environment env = MachineInfo.describe(BenchMode.FULL, n, providers, merged, String.join("\n", commands));
        if (baseline.isPresent()) {
            env = env.withLibrary(BenchRunner.PYTORCH_LIBRARY, PythonBaseline.describe(baseline.get()));
        }
        env = env.withDate(first);
        BenchPlan plan = BenchPlan.full();
        BenchReport report = new BenchReport(
                env, plan, layer, video, memory, missing(plan, List.copyOf(taken), layer, video, memory));
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
            List<VideoTiming> video,
            List<MemoryFigure> memory) {
        List<Skip> skips = new ArrayList<>();
        for (String b : backends) {
            for (LayerPoint p : plan.layerPoints()) {
                for (LayerOperation op : LayerOperation.values()) {
                    if (layer.stream()
                            .noneMatch(t -> t.backend().equals(b) && t.point().equals(p) && t.operation() == op)) {
                        skips.add(new Skip(
                                b,
                                BenchPart.LAYER,
                                op.label() + " " + p.key() + ": no result in the merged runs (see their raw logs)"));
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
        }
        return skips;
    }

    /** The raw files behind what was taken from one run, so that OUT keeps the figures it shows. */
    private static void copyRaw(Path from, Path to, List<String> backends, boolean baseline, boolean tvl1)
            throws IOException {
        if (from.toAbsolutePath().normalize().equals(to.toAbsolutePath().normalize())) {
            return;
        }
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                boolean wanted = backends.stream().anyMatch(b -> RawResults.isOfBackend(name, b))
                        || (tvl1 && RawResults.isTvl1(name))
                        || (baseline && name.startsWith("python-"));
                if (wanted) {
                    Files.copy(f, to.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
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
