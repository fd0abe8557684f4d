package io.repflow.bench;

import io.repflow.bench.report.AtomicWrite;
import io.repflow.bench.report.Charts;
import io.repflow.bench.report.MarkdownReport;
import io.repflow.models.arch.ResNetDepth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The results of a run and the report made from them: {@link #write(Path)} puts {@value #MARKDOWN}
 * (tables, machine, versions) into a directory and the PNG charts and raw results under
 * {@value #ASSETS}{@code /} beside it.
 *
 * @param environment machine, JVM, libraries, threads, date
 * @param plan        what was planned
 * @param layer       flow-layer times of every backend and of the PyTorch baseline
 * @param video       per-video times: networks per backend and OpenCV TV-L1
 * @param memory      training-step memory per backend
 * @param skipped     what was not measured, and why
 * @param bandwidth   the machine's memory bandwidth (STREAM triad), which sets each layer point's floor
 * @param training    MotionNet training-step times per backend, with and without the flow block
 * @param matMul      each backend's matrix-multiply rate
 * @param layerMemory the flow layer's memory per call, of every backend and of the PyTorch baseline
 */
public record BenchReport(
        Environment environment,
        BenchPlan plan,
        List<LayerTiming> layer,
        List<VideoTiming> video,
        List<MemoryFigure> memory,
        List<Skip> skipped,
        Optional<MemoryBandwidth> bandwidth,
        List<TrainingTiming> training,
        List<MatMulPeak> matMul,
        List<LayerMemory> layerMemory) {

    /** The report's file name. */
    public static final String MARKDOWN = "benchmarks.md";
    /** The directory beside it holding charts ({@code *.png}) and raw results ({@code raw/}). */
    public static final String ASSETS = "benchmarks";
    /**
     * The hand-kept account of the missed targets (what was tried, the measured reason) in {@value #ASSETS}{@code /}:
     * figures are regenerated, this text is not, so {@link #write(Path)} includes the file as it finds it.
     */
    public static final String MISSED = "targets-missed.md";
    /**
     * The folder in {@value #ASSETS}{@code /} of hand-kept sections (measurements the generator has no table for, such
     * as a before/after comparison of two commits): each {@code *.md} file there, a section with its own {@code ##}
     * heading, goes into the report in file-name order after the generated tables, on every write.
     */
    public static final String KEPT = "kept";

    public BenchReport {
        layer = List.copyOf(layer);
        video = List.copyOf(video);
        memory = List.copyOf(memory);
        skipped = List.copyOf(skipped);
        bandwidth = bandwidth == null ? Optional.empty() : bandwidth;
        training = List.copyOf(training);
        matMul = List.copyOf(matMul);
        layerMemory = List.copyOf(layerMemory);
    }

    /** A report without training steps or matrix products. */
    public BenchReport(
            Environment environment,
            BenchPlan plan,
            List<LayerTiming> layer,
            List<VideoTiming> video,
            List<MemoryFigure> memory,
            List<Skip> skipped,
            Optional<MemoryBandwidth> bandwidth) {
        this(environment, plan, layer, video, memory, skipped, bandwidth, List.of(), List.of(), List.of());
    }

    /** A report without a bandwidth measurement (no floor column). */
    public BenchReport(
            Environment environment,
            BenchPlan plan,
            List<LayerTiming> layer,
            List<VideoTiming> video,
            List<MemoryFigure> memory,
            List<Skip> skipped) {
        this(environment, plan, layer, video, memory, skipped, Optional.empty(), List.of(), List.of(), List.of());
    }

    /** The memory-traffic floor of a layer call in milliseconds ({@link LayerFloor}), when the bandwidth was measured. */
    public OptionalDouble floorMs(LayerOperation op, LayerPoint point) {
        return bandwidth
                .map(b -> OptionalDouble.of(LayerFloor.ms(point, op, b)))
                .orElse(OptionalDouble.empty());
    }

    /** A backend's (or PyTorch's) time divided by the floor at the same point (1 = at the floor). */
    public OptionalDouble ratioToFloor(String backend, LayerOperation op, LayerPoint point) {
        return ratio(layerMs(backend, op, point), floorMs(op, point));
    }

    /** Measured backends in the environment's order (the PyTorch baseline and OpenCV excluded). */
    public List<String> backends() {
        Set<String> ids = new LinkedHashSet<>(environment.backends().keySet());
        layer.stream().filter(t -> !t.isBaseline()).forEach(t -> ids.add(t.backend()));
        layerMemory.stream().filter(m -> !m.isBaseline()).forEach(m -> ids.add(m.backend()));
        video.stream()
                .filter(t -> !VideoTiming.OPENCV.equals(t.backend()) && !LayerTiming.PYTORCH.equals(t.backend()))
                .forEach(t -> ids.add(t.backend()));
        training.forEach(t -> ids.add(t.backend()));
        matMul.forEach(t -> ids.add(t.backend()));
        return new ArrayList<>(ids);
    }

    /** Milliseconds per call of a backend (or {@link LayerTiming#PYTORCH}) at a point. */
    public OptionalDouble layerMs(String backend, LayerOperation op, LayerPoint point) {
        return first(layer, t -> t.is(backend, op, point), LayerTiming::ms);
    }

    /** What a call of a backend (or {@link LayerTiming#PYTORCH}) added to its process's resident set at its peak, MiB. */
    public OptionalDouble layerMemoryMiB(String backend, LayerOperation op, LayerPoint point) {
        return first(layerMemory, m -> m.is(backend, op, point), LayerMemory::callMiB);
    }

    /** A backend's call memory over PyTorch eager's at the same point (target ≤ 1 for forward+backward). */
    public OptionalDouble memoryRatioToPyTorch(String backend, LayerOperation op, LayerPoint point) {
        return ratio(layerMemoryMiB(backend, op, point), layerMemoryMiB(LayerTiming.PYTORCH, op, point));
    }

    /** A backend's time divided by the PyTorch eager baseline's at the same point (below 1 = faster than PyTorch). */
    public OptionalDouble ratioToPyTorch(String backend, LayerOperation op, LayerPoint point) {
        return ratio(layerMs(backend, op, point), layerMs(LayerTiming.PYTORCH, op, point));
    }

    /** Milliseconds per video of a network on a backend, or of TV-L1 ({@code backend = "opencv", component = "tvl1"}). */
    public OptionalDouble videoMs(String backend, String component, VideoShape v) {
        return first(
                video,
                t -> t.backend().equals(backend)
                        && t.component().equals(component)
                        && t.video().equals(v),
                VideoTiming::ms);
    }

    /** A backend's time per video over PyTorch eager's for the same network (the engine's overhead; below 1 = faster). */
    public OptionalDouble videoRatioToPyTorch(String backend, PaperModel m, VideoShape v) {
        return ratio(videoMs(backend, m.id(), v), videoMs(LayerTiming.PYTORCH, m.id(), v));
    }

    /** Two-stream time per video: OpenCV TV-L1 on all pairs + the RGB stream + the flow stream of {@code depth}. */
    public OptionalDouble twoStreamMs(String backend, ResNetDepth depth, VideoShape v) {
        OptionalDouble flow = videoMs(VideoTiming.OPENCV, VideoTiming.TVL1, v);
        OptionalDouble rgbNet = videoMs(backend, PaperModel.rgbStream(depth).id(), v);
        OptionalDouble flowNet = videoMs(backend, PaperModel.flowStream(depth).id(), v);
        if (flow.isEmpty() || rgbNet.isEmpty() || flowNet.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(flow.getAsDouble() + rgbNet.getAsDouble() + flowNet.getAsDouble());
    }

    /** How many times faster a rep-flow network is than the two-stream pipeline of its depth, per video. */
    public OptionalDouble speedUp(String backend, PaperModel repFlow, VideoShape v) {
        return ratio(twoStreamMs(backend, repFlow.depth(), v), videoMs(backend, repFlow.id(), v));
    }

    /** Milliseconds per MotionNet training step of a backend on a case. */
    public OptionalDouble trainingMs(String backend, TrainingCase c) {
        return first(
                training, t -> t.backend().equals(backend) && t.trainingCase().equals(c), TrainingTiming::stepMs);
    }

    /** The flow block's cost in training: a step with the block over the same step without it (target ≤ 3). */
    public OptionalDouble flowStepRatio(String backend, TrainingCase withFlow) {
        return ratio(
                trainingMs(backend, new TrainingCase(withFlow.video(), withFlow.batch(), true)),
                trainingMs(backend, new TrainingCase(withFlow.video(), withFlow.batch(), false)));
    }

    /**
     * The memory-traffic floor of the flow layer's forward+backward inside a training step with the block, when the
     * bandwidth was measured: what fused iterations would still cost.
     */
    public OptionalDouble trainingFlowFloorMs(TrainingCase c) {
        return floorMs(LayerOperation.FORWARD_BACKWARD, c.flowPoint());
    }

    /** A backend's matrix-multiply rate in GFLOP/s, when measured. */
    public OptionalDouble matMulGflopPerS(String backend) {
        return first(matMul, p -> p.backend().equals(backend), MatMulPeak::gflopPerS);
    }

    /** A network's GFLOP/s on a backend per video: {@link NetworkFlops#perClip} of its spec over its time. */
    public OptionalDouble videoGflopPerS(String backend, PaperModel m, VideoShape v) {
        OptionalDouble t = videoMs(backend, m.id(), v);
        return t.isPresent() && t.getAsDouble() > 0
                ? OptionalDouble.of(NetworkFlops.perClip(m.spec(v)) / (t.getAsDouble() * 1e6))
                : OptionalDouble.empty();
    }

    /** The value of the first row that matches, if any. */
    private static <T> OptionalDouble first(
            List<T> rows, java.util.function.Predicate<T> match, java.util.function.ToDoubleFunction<T> value) {
        return rows.stream().filter(match).mapToDouble(value).findFirst();
    }

    /** {@code a / b} when both are known and b is positive. */
    private static OptionalDouble ratio(OptionalDouble a, OptionalDouble b) {
        return a.isPresent() && b.isPresent() && b.getAsDouble() > 0
                ? OptionalDouble.of(a.getAsDouble() / b.getAsDouble())
                : OptionalDouble.empty();
    }

    /** The markdown text, with the charts referenced as {@code benchmarks/<name>.png}. */
    public String markdown(List<String> charts) {
        return markdown(charts, "");
    }

    /** The markdown text with {@code missed} (markdown, may be empty) after the targets. */
    public String markdown(List<String> charts, String missed) {
        return markdown(charts, missed, List.of());
    }

    /** The markdown text with {@code missed} after the targets and the {@code kept} sections after the tables. */
    public String markdown(List<String> charts, String missed, List<String> kept) {
        return MarkdownReport.render(this, charts, missed, kept);
    }

    /**
     * Writes the charts into {@code dir/benchmarks/} and the markdown as {@code dir/benchmarks.md}
     * (each through a temporary file and a rename), with {@code dir/benchmarks/}{@value #MISSED} and the sections of
     * {@code dir/benchmarks/}{@value #KEPT}{@code /} included when they exist. Returns the markdown's path.
     */
    public Path write(Path dir) {
        try {
            Path assets = dir.resolve(ASSETS);
            Files.createDirectories(assets);
            List<String> charts = Charts.write(this, assets);
            Path target = dir.resolve(MARKDOWN);
            Path missed = assets.resolve(MISSED);
            String text = markdown(
                    charts,
                    Files.isRegularFile(missed) ? Files.readString(missed, StandardCharsets.UTF_8) : "",
                    keptSections(assets.resolve(KEPT)));
            AtomicWrite.write(target, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the benchmark report into " + dir, e);
        }
    }

    /** The {@code *.md} files of {@code folder} in name order; none when it does not exist. */
    private static List<String> keptSections(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<String> sections = new ArrayList<>();
        try (java.util.stream.Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".md") && Files.isRegularFile(f))
                    .sorted()
                    .toList()) {
                sections.add(Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        return sections;
    }
}
