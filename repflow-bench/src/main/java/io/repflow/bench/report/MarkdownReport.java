package io.repflow.bench.report;

import io.repflow.bench.BenchMode;
import io.repflow.bench.BenchPlan;
import io.repflow.bench.BenchReport;
import io.repflow.bench.Environment;
import io.repflow.bench.LayerMemory;
import io.repflow.bench.LayerOperation;
import io.repflow.bench.LayerPoint;
import io.repflow.bench.LayerTiming;
import io.repflow.bench.MemoryFigure;
import io.repflow.bench.NetworkFlops;
import io.repflow.bench.PaperModel;
import io.repflow.bench.Skip;
import io.repflow.bench.TrainingCase;
import io.repflow.bench.TrainingTiming;
import io.repflow.bench.VideoShape;
import io.repflow.bench.VideoTiming;
import io.repflow.models.arch.ResNetDepth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/** Renders a {@link BenchReport} as markdown: machine and versions, the issue's targets, tables, charts, what was skipped. */
public final class MarkdownReport {

    /** How the report's commands start: the module's classes and its copied class path. */
    public static final String JAVA =
            "java -cp \"repflow-bench/target/classes:$(cat repflow-bench/target/bench.classpath)\" ";

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private MarkdownReport() {}

    /**
     * The report; {@code missed} (markdown, may be empty) is the hand-kept account of missed targets, {@code kept} the
     * hand-kept sections (each with its own heading) that follow the generated tables.
     */
    public static String render(BenchReport r, List<String> charts, String missed, List<String> kept) {
        StringBuilder md = new StringBuilder();
        Environment env = r.environment();
        md.append("# repflow benchmarks\n\n");
        if (!env.note().isEmpty()) {
            md.append("> ").append(env.note()).append("\n\n");
        }
        md.append("Measured ")
                .append(DATE.format(env.date()))
                .append(" in **")
                .append(env.mode().name().toLowerCase(Locale.ROOT))
                .append("** mode by `repflow-bench` (`BenchRunner`).");
        if (env.mode() == BenchMode.QUICK) {
            md.append(
                    " Quick mode is a smoke run: tiny shapes, short iterations, no JMH forks. Its figures show that every part"
                            + " runs, not how fast anything is.");
        }
        md.append("\n\n");
        machine(md, r);
        summary(md, r);
        missed(md, missed);
        layer(md, r, charts);
        video(md, r, charts);
        flops(md, r);
        memory(md, r);
        training(md, r);
        for (String section : kept) {
            if (!section.isBlank()) {
                md.append(section.strip()).append("\n\n");
            }
        }
        skipped(md, r);
        reproduce(md, env);
        return md.toString();
    }

    private static void machine(StringBuilder md, BenchReport r) {
        Environment env = r.environment();
        BenchPlan plan = r.plan();
        md.append("## Machine and versions\n\n| | |\n|---|---|\n");
        row(md, "CPU", env.cpu());
        row(md, "cores available", String.valueOf(env.cores()));
        row(
                md,
                "memory",
                env.memoryMb() > 0 ? String.format(Locale.ROOT, "%.1f GiB", env.memoryMb() / 1024.0) : "unknown");
        row(md, "OS", env.os());
        row(md, "JVM", env.jvm());
        row(md, "threads", env.threads() + " intra-op threads for every engine, PyTorch and OpenCV");
        r.bandwidth()
                .ifPresent(b -> row(
                        md,
                        "memory bandwidth",
                        String.format(
                                Locale.ROOT,
                                "%.1f GB/s (STREAM triad in Java, %d threads, 3 × %d MiB float arrays; the layer rows' floor)",
                                b.gbPerS(),
                                b.threads(),
                                b.elements() * Float.BYTES / (1024 * 1024))));
        env.backends().forEach((id, description) -> row(md, "backend `" + id + "`", description));
        env.libraries().forEach((name, version) -> row(md, name, version));
        row(md, "JMH: flow layer", plan.layerJmh().describe());
        row(md, "JMH: per video", plan.videoJmh().describe());
        row(md, "JMH: memory", plan.memoryJmh().describe());
        row(
                md,
                "PyTorch baseline",
                plan.baselineWarmup() + " warm-up + " + plan.baselineRepeat() + " timed calls per point (mean ± sd)");
        md.append('\n');
    }

    /**
     * Where a speed-up comes from: (TV-L1 + RGB net + flow net) / rep-flow net is TV-L1's share plus the two
     * networks' share, so it can reach 10× only if TV-L1 alone costs what 10 rep-flow passes minus the two networks cost.
     */
    private static String decomposition(BenchReport r, String backend, PaperModel m, VideoShape v) {
        double repFlow = r.videoMs(backend, m.id(), v).orElse(Double.NaN);
        double tvl1 = r.videoMs(VideoTiming.OPENCV, VideoTiming.TVL1, v).orElse(Double.NaN);
        double nets = r.twoStreamMs(backend, m.depth(), v).orElse(Double.NaN) - tvl1;
        return String.format(
                Locale.ROOT,
                "TV-L1 alone is %.1f× the rep-flow network and the two stream networks %.1f×; "
                        + "10× would need TV-L1 to take %s s or more.",
                tvl1 / repFlow,
                nets / repFlow,
                seconds(OptionalDouble.of(10 * repFlow - nets)));
    }

    private static void missed(StringBuilder md, String missed) {
        if (missed.isBlank()) {
            return;
        }
        md.append("### Missed targets: what was tried and the measured reason\n\n")
                .append("Kept by hand in `")
                .append(BenchReport.ASSETS)
                .append('/')
                .append(BenchReport.MISSED)
                .append("` (regenerating the report includes it unchanged; its figures name their own runs).\n\n")
                .append(missed.strip())
                .append("\n\n");
    }

    private static void summary(StringBuilder md, BenchReport r) {
        md.append("## The issue's targets\n\n");
        List<String> lines = new ArrayList<>();
        for (String b : r.backends()) {
            for (VideoShape v : r.plan().videos()) {
                for (PaperModel m : List.of(PaperModel.REPFLOW_R34, PaperModel.FCF_R34, PaperModel.REPFLOW_R50)) {
                    OptionalDouble s = r.speedUp(b, m, v);
                    if (s.isPresent()) {
                        boolean paperShape = v.equals(VideoShape.PAPER_SMALL) || v.equals(VideoShape.PAPER_LARGE);
                        String verdict = paperShape
                                ? "target ≥ 10×: " + (s.getAsDouble() >= 10 ? "met" : "not met")
                                : "not a paper shape: the ≥ 10× target is judged at 16×112×112 and 32×224×224";
                        lines.add(String.format(
                                Locale.ROOT,
                                "- **%s, %s, %s**: two-stream (TV-L1 + RGB + flow ResNet-%d) takes %s s per video, %s "
                                        + "takes %s s: **%.1f×** faster (%s). %s",
                                b,
                                v.label(),
                                m.label(),
                                m.depth().layers(),
                                seconds(r.twoStreamMs(b, m.depth(), v)),
                                m.label(),
                                seconds(r.videoMs(b, m.id(), v)),
                                s.getAsDouble(),
                                verdict,
                                decomposition(r, b, m, v)));
                    }
                }
            }
        }
        for (String b : r.backends()) {
            for (TrainingCase c : r.plan().training()) {
                OptionalDouble ratio = r.flowStepRatio(b, c);
                if (c.flow() && ratio.isPresent()) {
                    lines.add(String.format(
                            Locale.ROOT,
                            "- **%s, training step of MotionNet on %d clips of %s**: %s ms with the flow block, %s ms "
                                    + "without: **%.1f×** (target ≤ 3×: %s).",
                            b,
                            c.batch(),
                            c.video().label(),
                            ms(r.trainingMs(b, c)),
                            ms(r.trainingMs(b, c.other())),
                            ratio.getAsDouble(),
                            ratio.getAsDouble() <= 3 ? "met" : "not met"));
                }
            }
        }
        LayerPoint base = r.plan().base();
        for (String b : r.backends()) {
            OptionalDouble ratio = r.ratioToPyTorch(b, LayerOperation.FORWARD_BACKWARD, base);
            if (ratio.isPresent()) {
                lines.add(String.format(
                        Locale.ROOT,
                        "- **%s, layer forward+backward at %s**: %s ms against %s ms in PyTorch eager: %.2f× PyTorch's time.",
                        b,
                        base.key(),
                        ms(r.layerMs(b, LayerOperation.FORWARD_BACKWARD, base)),
                        ms(r.layerMs(LayerTiming.PYTORCH, LayerOperation.FORWARD_BACKWARD, base)),
                        ratio.getAsDouble()));
            }
        }
        for (String b : r.backends()) {
            memoryTarget(r, b).ifPresent(lines::add);
        }
        boolean fits = false;
        List<String> all = new ArrayList<>(r.backends());
        all.add(LayerTiming.PYTORCH);
        for (String b : all) {
            for (LayerOperation op : LayerOperation.values()) {
                Fits.Line it = fit(
                        r,
                        b,
                        op,
                        r.plan().iterations().stream().map(base::withIterations).toList(),
                        LayerPoint::iterations,
                        false);
                Fits.Line px = fit(
                        r, b, op, r.plan().sizes().stream().map(base::withSize).toList(), LayerPoint::pixels, true);
                if (it != null || px != null) {
                    StringBuilder s = new StringBuilder("- **")
                            .append(name(b))
                            .append(", ")
                            .append(op.label())
                            .append("**: ");
                    if (it != null) {
                        s.append(String.format(
                                Locale.ROOT,
                                "time ≈ %s + %s ms × iterations (R² = %.3f)",
                                ms(it.intercept()),
                                ms(it.slope()),
                                it.r2()));
                    }
                    if (px != null) {
                        s.append(it != null ? "; " : "")
                                .append(String.format(Locale.ROOT, "time ∝ pixels^%.2f", px.slope()));
                    }
                    lines.add(s.append('.').toString());
                    fits = true;
                }
            }
        }
        if (lines.isEmpty()) {
            md.append("Nothing to compare yet (see *Not measured*).\n\n");
        } else {
            md.append(String.join("\n", lines)).append("\n\n");
            if (fits) {
                md.append(
                        "Growth (least squares over each sweep of at least three points): linear in iterations means a high R²; "
                                + "linear in pixels means an exponent near 1.\n\n");
            }
        }
    }

    /** The line of the memory target: a backend's forward+backward memory per call against PyTorch eager's. */
    private static java.util.Optional<String> memoryTarget(BenchReport r, String backend) {
        LayerOperation op = LayerOperation.FORWARD_BACKWARD;
        List<LayerPoint> points = new ArrayList<>();
        List<Double> measured = new ArrayList<>();
        for (LayerPoint p : r.plan().layerPoints()) {
            r.memoryRatioToPyTorch(backend, op, p).ifPresent(x -> {
                points.add(p);
                measured.add(x);
            });
        }
        if (points.isEmpty()) {
            return java.util.Optional.empty();
        }
        double[] ratios = measured.stream().mapToDouble(Double::doubleValue).toArray();
        long within = java.util.Arrays.stream(ratios).filter(x -> x <= 1).count();
        LayerPoint largest = points.stream()
                .max(java.util.Comparator.comparingLong(
                        p -> (long) p.iterations() * p.channels() * p.pixels() * p.batch()))
                .orElseThrow();
        return java.util.Optional.of(String.format(
                Locale.ROOT,
                "- **%s, layer forward+backward memory per call**: at most PyTorch eager's at %d of %d points (%.2f–%.2f× "
                        + "eager's); at %s %s MiB against %s MiB (target ≤ 1× at every point: %s).",
                backend,
                within,
                points.size(),
                java.util.Arrays.stream(ratios).min().orElseThrow(),
                java.util.Arrays.stream(ratios).max().orElseThrow(),
                largest.key(),
                ms(r.layerMemoryMiB(backend, op, largest)),
                ms(r.layerMemoryMiB(LayerTiming.PYTORCH, op, largest)),
                within == points.size() ? "met" : "not met"));
    }

    private static Fits.Line fit(
            BenchReport r,
            String backend,
            LayerOperation op,
            List<LayerPoint> points,
            ToDoubleFunction<LayerPoint> x,
            boolean power) {
        List<double[]> xy = new ArrayList<>();
        for (LayerPoint p : points) {
            OptionalDouble t = r.layerMs(backend, op, p);
            if (t.isPresent() && t.getAsDouble() > 0) {
                xy.add(new double[] {x.applyAsDouble(p), t.getAsDouble()});
            }
        }
        if (xy.size() < 3) {
            return null; // two points always fit a line: no evidence of linear growth
        }
        double[] xs = xy.stream().mapToDouble(a -> a[0]).toArray();
        double[] ys = xy.stream().mapToDouble(a -> a[1]).toArray();
        return power ? Fits.power(xs, ys) : Fits.line(xs, ys);
    }

    private static void layer(StringBuilder md, BenchReport r, List<String> charts) {
        if (r.layer().isEmpty()) {
            return;
        }
        md.append("## Flow layer\n\n");
        md.append(
                "`FlowLayer.forward` and `FlowLayer.backward` (forward + gradients of both inputs and the learnable parameters) through the API, "
                        + "host tensors in and out, default parameters (CENTRAL image gradient; DIVERGENCE, THETA, LAMBDA, TAU learn), textured frame pairs "
                        + "on [0, 255]. Point `itI-cC-sS-nN`: I iterations, C' channels, S × S pixels, N frame pairs. Milliseconds per call; "
                        + "in brackets the time relative to PyTorch eager at the same point (below 1 = faster). PyTorch runs the layer written with torch ops "
                        + "(`flow_baseline.py`), on torch tensors (no copies), forward under `no_grad`.\n\n");
        boolean floor = r.bandwidth().isPresent();
        if (floor) {
            md.append(
                    "*Floor*: the fewest bytes a fused layer moves at that point (`LayerFloor`: per element of F1 and iteration, the "
                            + "state u1, u2, p11…p22 read and written and the image terms Ix, Iy, rho_c read; forward+backward adds the "
                            + "reverse iterations) divided by the machine's memory bandwidth; after the PyTorch ratio each cell gives its "
                            + "time in floors (1 = at the floor). Points whose state fits in the caches can beat it.\n\n");
        }
        List<String> backends = r.backends();
        for (LayerOperation op : LayerOperation.values()) {
            md.append("### ").append(op.label()).append("\n\n| point | iterations | C' | size | N |");
            backends.forEach(b -> md.append(' ').append(b).append(" |"));
            md.append(" PyTorch eager |").append(floor ? " floor |" : "").append("\n|---|--:|--:|--:|--:|");
            backends.forEach(b -> md.append("--:|"));
            md.append(floor ? "--:|--:|\n" : "--:|\n");
            for (LayerPoint p : r.plan().layerPoints()) {
                md.append("| `")
                        .append(p.key())
                        .append("` | ")
                        .append(p.iterations())
                        .append(" | ")
                        .append(p.channels())
                        .append(" | ")
                        .append(p.size())
                        .append("² | ")
                        .append(p.batch())
                        .append(" |");
                for (String b : backends) {
                    OptionalDouble t = r.layerMs(b, op, p);
                    OptionalDouble ratio = r.ratioToPyTorch(b, op, p);
                    md.append(' ')
                            .append(ms(t))
                            .append(ratios(ratio, r.ratioToFloor(b, op, p)))
                            .append(" |");
                }
                md.append(' ')
                        .append(ms(r.layerMs(LayerTiming.PYTORCH, op, p)))
                        .append(ratios(OptionalDouble.empty(), r.ratioToFloor(LayerTiming.PYTORCH, op, p)))
                        .append(" |");
                if (floor) {
                    md.append(' ').append(ms(r.floorMs(op, p))).append(" |");
                }
                md.append('\n');
            }
            md.append('\n');
        }
        layerMemory(md, r);
        for (String c : charts) {
            if (c.startsWith("layer-")) {
                md.append("![")
                        .append(c.replace(".png", ""))
                        .append("](")
                        .append(BenchReport.ASSETS)
                        .append('/')
                        .append(c)
                        .append(")\n\n");
            }
        }
    }

    /** The layer's memory per call: what each call added to its process's resident set at its peak. */
    private static void layerMemory(StringBuilder md, BenchReport r) {
        if (r.layerMemory().isEmpty()) {
            return;
        }
        List<String> backends = r.backends();
        md.append("### memory per call\n\n")
                .append(
                        "MiB a call added to its process's resident set at the peak (`LayerMemory`: a fresh process per "
                                + "backend, point and operation — a JVM, or Python for PyTorch eager; the engine opened and warmed "
                                + "by one call at `")
                .append(LayerMemory.WARM_UP.key())
                .append("` (natives loaded, thread pools started), the inputs made, the resident set read, then the "
                        + "high-water mark after ")
                .append(LayerMemory.CALLS)
                .append(
                        " calls): temporaries, what is kept for the backward pass, compiled graphs and allocator pools, "
                                + "the JVM's heap growth included. In brackets the ratio to PyTorch eager's (target for "
                                + "forward+backward: ≤ 1×).\n\n| point |");
        for (LayerOperation op : LayerOperation.values()) {
            backends.forEach(
                    b -> md.append(' ').append(b).append(' ').append(op.label()).append(" |"));
            md.append(" PyTorch eager ").append(op.label()).append(" |");
        }
        md.append("\n|---|");
        for (LayerOperation op : LayerOperation.values()) {
            backends.forEach(b -> md.append("--:|"));
            md.append("--:|");
        }
        md.append('\n');
        for (LayerPoint p : r.plan().layerPoints()) {
            md.append("| `").append(p.key()).append("` |");
            for (LayerOperation op : LayerOperation.values()) {
                for (String b : backends) {
                    OptionalDouble ratio = r.memoryRatioToPyTorch(b, op, p);
                    md.append(' ')
                            .append(ms(r.layerMemoryMiB(b, op, p)))
                            .append(
                                    ratio.isPresent()
                                            ? String.format(Locale.ROOT, " (%.2f×)", ratio.getAsDouble())
                                            : "")
                            .append(" |");
                }
                md.append(' ')
                        .append(ms(r.layerMemoryMiB(LayerTiming.PYTORCH, op, p)))
                        .append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    /** {@code " (0.49×, 2.3× floor)"}: the ratio to PyTorch and to the floor, each when known. */
    private static String ratios(OptionalDouble pytorch, OptionalDouble floor) {
        List<String> parts = new ArrayList<>();
        if (pytorch.isPresent()) {
            parts.add(String.format(Locale.ROOT, "%.2f×", pytorch.getAsDouble()));
        }
        if (floor.isPresent()) {
            parts.add(String.format(Locale.ROOT, "%.1f× floor", floor.getAsDouble()));
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    private static void video(StringBuilder md, BenchReport r, List<String> charts) {
        if (r.video().isEmpty()) {
            return;
        }
        md.append("## Per-video inference\n\n");
        md.append(
                "One clip through each network in EVAL mode (`CompiledModel.forward`, compiled once beforehand): 2D ResNets per frame, "
                        + "rep-flow block after stage 3 (C' = 32, 20 iterations, ADD fusion), 51 classes. Two-stream = OpenCV TV-L1 "
                        + "(`DualTVL1OpticalFlow.create()` defaults: 5 scales, 5 warps) on all frame pairs of the same video + an RGB network + a "
                        + "flow network reading the 2-channel flow. Seconds per video. *PyTorch eager*: the same networks in torch "
                        + "(torchvision's ResNets per frame, the block of torch ops around `flow_oracle.py`; `flow_baseline.py video`), "
                        + "one clip per call under `no_grad`; in brackets an engine's time over eager's (its overhead).\n\n");
        // backends without a model compiler have no column (they are listed under "Not measured")
        List<String> backends = r.backends().stream()
                .filter(b -> r.video().stream().anyMatch(t -> t.backend().equals(b)))
                .toList();
        for (VideoShape v : r.plan().videos()) {
            OptionalDouble tvl1 = r.videoMs(VideoTiming.OPENCV, VideoTiming.TVL1, v);
            md.append("### ")
                    .append(v.label())
                    .append("\n\nOpenCV TV-L1 on all ")
                    .append(v.pairs())
                    .append(" frame pairs: ")
                    .append(seconds(tvl1))
                    .append(" s per video.\n\n");
            if (backends.isEmpty()) {
                continue;
            }
            boolean eager = r.plan().models().stream()
                    .anyMatch(m -> r.videoMs(LayerTiming.PYTORCH, m.id(), v).isPresent());
            md.append("| |");
            backends.forEach(b -> md.append(' ').append(b).append(" |"));
            md.append(eager ? " PyTorch eager |" : "").append("\n|---|");
            backends.forEach(b -> md.append("--:|"));
            md.append(eager ? "--:|\n" : "\n");
            md.append("| OpenCV TV-L1, ").append(v.pairs()).append(" pairs |");
            backends.forEach(b -> md.append(' ').append(seconds(tvl1)).append(" |"));
            md.append(eager ? " — |\n" : "\n");
            for (PaperModel m : r.plan().models()) {
                md.append("| ").append(m.label()).append(" |");
                backends.forEach(b -> {
                    md.append(' ').append(seconds(r.videoMs(b, m.id(), v)));
                    OptionalDouble ratio = r.videoRatioToPyTorch(b, m, v);
                    if (ratio.isPresent()) {
                        md.append(String.format(Locale.ROOT, " (%.2f×)", ratio.getAsDouble()));
                    }
                    md.append(" |");
                });
                if (eager) {
                    md.append(' ')
                            .append(seconds(r.videoMs(LayerTiming.PYTORCH, m.id(), v)))
                            .append(" |");
                }
                md.append('\n');
            }
            for (ResNetDepth d : List.of(ResNetDepth.R34, ResNetDepth.R50)) {
                if (backends.stream().anyMatch(b -> r.twoStreamMs(b, d, v).isPresent())) {
                    md.append("| **two-stream ResNet-").append(d.layers()).append("** (sum) |");
                    backends.forEach(b -> md.append(" **")
                            .append(seconds(r.twoStreamMs(b, d, v)))
                            .append("** |"));
                    if (eager) {
                        md.append(" **")
                                .append(seconds(r.twoStreamMs(LayerTiming.PYTORCH, d, v)))
                                .append("** |");
                    }
                    md.append('\n');
                }
            }
            for (PaperModel m : List.of(PaperModel.REPFLOW_R34, PaperModel.FCF_R34, PaperModel.REPFLOW_R50)) {
                if (backends.stream().anyMatch(b -> r.speedUp(b, m, v).isPresent())) {
                    md.append("| speed-up of ").append(m.label()).append(" over two-stream |");
                    List<String> columns = new ArrayList<>(backends);
                    if (eager) {
                        columns.add(LayerTiming.PYTORCH);
                    }
                    columns.forEach(b -> {
                        OptionalDouble s = r.speedUp(b, m, v);
                        md.append(' ')
                                .append(s.isPresent() ? String.format(Locale.ROOT, "%.1f×", s.getAsDouble()) : "—")
                                .append(" |");
                    });
                    md.append('\n');
                }
            }
            md.append('\n');
            String chart = "two-stream-" + v.key() + ".png";
            if (charts.contains(chart)) {
                md.append("![two-stream ")
                        .append(v.key())
                        .append("](")
                        .append(BenchReport.ASSETS)
                        .append('/')
                        .append(chart)
                        .append(")\n\n");
            }
        }
    }

    /** Each network's achieved GFLOP/s per video beside the engine's measured matrix-multiply rate. */
    private static void flops(StringBuilder md, BenchReport r) {
        List<String> backends = r.backends().stream()
                .filter(b -> r.matMulGflopPerS(b).isPresent()
                        || r.video().stream().anyMatch(t -> t.backend().equals(b)))
                .toList();
        if (backends.isEmpty() || (r.video().isEmpty() && r.matMul().isEmpty())) {
            return;
        }
        md.append("## Achieved GFLOP/s\n\n");
        md.append(
                "Per video: the network's floating-point operations (`NetworkFlops`: two per parameter and output position of "
                        + "its layer — the convolutions' and linear layers' multiply-adds; the flow layer's element-wise "
                        + "iterations are not counted) over its time in the table above. *Matrix multiply*: the engine's "
                        + "float32 `[m, k] · [k, n]` as a compiled 1×1 convolution over m positions (`MatMulBenchmark`, the host copy "
                        + "in included), "
                        + "the practical peak; in brackets each network's share of it.\n\n");
        boolean eager = r.video().stream().anyMatch(t -> t.backend().equals(LayerTiming.PYTORCH));
        List<String> columns = new ArrayList<>(backends);
        if (eager) {
            columns.add(LayerTiming.PYTORCH);
        }
        md.append("| | GFLOP per video |");
        columns.forEach(b -> md.append(' ').append(name(b)).append(" |"));
        md.append("\n|---|--:|");
        columns.forEach(b -> md.append("--:|"));
        md.append('\n');
        if (!r.matMul().isEmpty()) {
            md.append("| matrix multiply ")
                    .append(r.plan().matMul().label())
                    .append(" | ")
                    .append(ms(r.plan().matMul().flops() / 1e9))
                    .append(" |");
            columns.forEach(b -> md.append(' ').append(ms(r.matMulGflopPerS(b))).append(" |"));
            md.append('\n');
        }
        for (VideoShape v : r.plan().videos()) {
            for (PaperModel m : r.plan().models()) {
                if (columns.stream().noneMatch(b -> r.videoGflopPerS(b, m, v).isPresent())) {
                    continue;
                }
                md.append("| ")
                        .append(m.label())
                        .append(", ")
                        .append(v.label())
                        .append(" | ")
                        .append(ms(NetworkFlops.perClip(m.spec(v)) / 1e9))
                        .append(" |");
                for (String b : columns) {
                    OptionalDouble g = r.videoGflopPerS(b, m, v);
                    OptionalDouble peak = r.matMulGflopPerS(b);
                    md.append(' ').append(ms(g));
                    if (g.isPresent() && peak.isPresent()) {
                        md.append(String.format(Locale.ROOT, " (%.0f %%)", 100 * g.getAsDouble() / peak.getAsDouble()));
                    }
                    md.append(" |");
                }
                md.append('\n');
            }
        }
        md.append('\n');
    }

    private static void training(StringBuilder md, BenchReport r) {
        if (r.training().isEmpty()) {
            return;
        }
        md.append("## Training step: MotionNet with and without the flow block\n\n");
        md.append(
                "`CompiledModel.trainStep` of `repflow train`'s network (MotionNet: conv 3→8, BN, ReLU, the flow block after it "
                        + "— C' = 8, 10 iterations, no fusion — conv 8→16, BN, ReLU, pooling, 4 classes; SGD with momentum "
                        + "0.9, flow parameters at 0.01× the rate) on synthetic RGB clips, and the same network built with "
                        + "`--flow none`, each in a JVM of its own. 8 × 32² is the main job's clip (`repflow train`'s "
                        + "defaults). Milliseconds per step; *with / without* is the flow block's cost in training (target "
                        + "≤ 3×). Peak RSS = VmHWM of the JVM of the step with the block.");
        boolean floors = r.bandwidth().isPresent();
        if (floors) {
            md.append(
                    " *Flow layer's floor*: the memory-traffic floor of the block's flow layer forward+backward at that shape "
                            + "(C' = 8, 10 iterations, N = clips × frame pairs; see *Flow layer*), and *without + floor* the ratio "
                            + "a step would reach if the layer ran at its floor and everything else cost nothing more.");
        }
        md.append(
                        "\n\n| backend | clips | batch | without flow block | with flow block | with / without | peak RSS (with) |")
                .append(floors ? " flow layer's floor | without + floor |" : "")
                .append("\n|---|---|--:|--:|--:|--:|--:|")
                .append(floors ? "--:|--:|\n" : "\n");
        for (String b : r.backends()) {
            for (TrainingCase c : r.plan().training()) {
                if (!c.flow()) {
                    continue;
                }
                OptionalDouble with = r.trainingMs(b, c);
                OptionalDouble without = r.trainingMs(b, c.other());
                if (with.isEmpty() && without.isEmpty()) {
                    continue;
                }
                OptionalDouble ratio = r.flowStepRatio(b, c);
                OptionalDouble floor = r.trainingFlowFloorMs(c);
                double rss = r.training().stream()
                        .filter(t -> t.backend().equals(b) && t.trainingCase().equals(c))
                        .mapToDouble(TrainingTiming::peakRssMb)
                        .findFirst()
                        .orElse(Double.NaN);
                md.append("| ")
                        .append(b)
                        .append(" | ")
                        .append(c.video().label())
                        .append(" | ")
                        .append(c.batch())
                        .append(" | ")
                        .append(ms(without))
                        .append(" | ")
                        .append(ms(with))
                        .append(" | ")
                        .append(ratio.isPresent() ? String.format(Locale.ROOT, "%.1f×", ratio.getAsDouble()) : "—")
                        .append(" | ")
                        .append(Double.isNaN(rss) ? "—" : String.format(Locale.ROOT, "%.0f MiB", rss))
                        .append(" |");
                if (!floors) {
                    md.append('\n');
                    continue;
                }
                md.append(' ')
                        .append(ms(floor))
                        .append(" | ")
                        .append(
                                floor.isPresent() && without.isPresent() && without.getAsDouble() > 0
                                        ? String.format(
                                                Locale.ROOT,
                                                "%.1f×",
                                                (without.getAsDouble() + floor.getAsDouble()) / without.getAsDouble())
                                        : "—")
                        .append(" |\n");
            }
        }
        md.append('\n');
    }

    private static void memory(StringBuilder md, BenchReport r) {
        if (r.memory().isEmpty()) {
            return;
        }
        md.append("## Training-step memory\n\n");
        md.append(
                "`CompiledModel.trainStep` (forward, cross-entropy, gradients, SGD with momentum 0.9, flow parameters at 0.01× the rate) "
                        + "in a JVM of its own per row. *Java allocation* = heap bytes allocated per step by all threads (JMH `gc` profiler, "
                        + "ThreadMXBean); engine natives are not in it. *Peak RSS* = VmHWM of the JVM (heap, natives, everything) over the run.\n\n");
        md.append(
                "| backend | model | video | batch | ms per step | Java allocation per step | peak RSS |\n|---|---|---|--:|--:|--:|--:|\n");
        for (MemoryFigure f : r.memory()) {
            md.append("| ")
                    .append(f.backend())
                    .append(" | ")
                    .append(f.memoryCase().model().label())
                    .append(" | ")
                    .append(f.memoryCase().video().label())
                    .append(" | ")
                    .append(f.memoryCase().batch())
                    .append(" | ")
                    .append(ms(f.stepMs()))
                    .append(" | ")
                    .append(bytes(f.allocatedBytesPerStep()))
                    .append(" | ")
                    .append(Double.isNaN(f.peakRssMb()) ? "—" : String.format(Locale.ROOT, "%.0f MiB", f.peakRssMb()))
                    .append(" |\n");
        }
        md.append('\n');
    }

    private static void skipped(StringBuilder md, BenchReport r) {
        if (r.skipped().isEmpty()) {
            return;
        }
        md.append("## Not measured\n\n");
        for (Skip s : r.skipped()) {
            md.append("- ")
                    .append(name(s.backend()))
                    .append(", ")
                    .append(s.part().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                    .append(": ")
                    .append(s.reason())
                    .append('\n');
        }
        md.append('\n');
    }

    /** A time as the report writes it. */
    public static String date(java.time.Instant t) {
        return DATE.format(t);
    }

    private static void reproduce(StringBuilder md, Environment env) {
        md.append("## Reproduce\n\nThis run, from the repository root:\n\n```bash\n")
                .append("mvn -B -q -pl repflow-bench -am package -DskipTests\n");
        for (String command : env.command().split("\n")) {
            md.append(command.startsWith("#") ? "" : JAVA).append(command).append('\n');
        }
        md.append(
                        "```\n\nThe full report: `… BenchMain --full --report docs`. Raw JMH results and the PyTorch script that ran are in `")
                .append(BenchReport.ASSETS)
                .append("/raw/`.\n");
    }

    private static void row(StringBuilder md, String key, String value) {
        md.append("| ")
                .append(key)
                .append(" | ")
                .append(value.replace("|", "\\|"))
                .append(" |\n");
    }

    private static String name(String backend) {
        return switch (backend) {
            case LayerTiming.PYTORCH -> "PyTorch eager";
            case VideoTiming.OPENCV -> "OpenCV";
            default -> backend;
        };
    }

    static String ms(OptionalDouble v) {
        return v.isPresent() ? ms(v.getAsDouble()) : "—";
    }

    /** Three significant digits. */
    static String ms(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        double a = Math.abs(v);
        String f = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, f, v);
    }

    private static String seconds(OptionalDouble ms) {
        return ms.isPresent() ? ms(ms.getAsDouble() / 1000) : "—";
    }

    private static String bytes(double b) {
        if (Double.isNaN(b)) {
            return "—";
        }
        String[] units = {"B", "KiB", "MiB", "GiB"};
        int u = 0;
        while (b >= 1024 && u < units.length - 1) {
            b /= 1024;
            u++;
        }
        return ms(b) + " " + units[u];
    }
}
