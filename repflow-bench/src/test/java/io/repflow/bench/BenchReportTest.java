package io.repflow.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.models.arch.ResNetDepth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's arithmetic (ratios, two-stream sums, fits) and its files, on hand-made figures. */
class BenchReportTest {

    private static final VideoShape V = VideoShape.PAPER_SMALL;

    private static BenchReport report() {
        return report(java.util.Optional.empty());
    }

    private static BenchReport report(java.util.Optional<MemoryBandwidth> bandwidth) {
        BenchPlan plan = BenchPlan.full();
        List<LayerTiming> layer = new ArrayList<>();
        LayerPoint base = plan.base();
        for (int n : plan.iterations()) {
            // engine: 0.5 + 0.1 ms per iteration; PyTorch: 2 + 0.4 ms per iteration (forward+backward twice that)
            layer.add(new LayerTiming("eng", LayerOperation.FORWARD, base.withIterations(n), 0.5 + 0.1 * n, 0.01));
            layer.add(
                    new LayerTiming("eng", LayerOperation.FORWARD_BACKWARD, base.withIterations(n), 1 + 0.2 * n, 0.01));
            layer.add(new LayerTiming(
                    LayerTiming.PYTORCH, LayerOperation.FORWARD, base.withIterations(n), 2 + 0.4 * n, 0.1));
            layer.add(new LayerTiming(
                    LayerTiming.PYTORCH, LayerOperation.FORWARD_BACKWARD, base.withIterations(n), 4 + 0.8 * n, 0.1));
        }
        for (int s : plan.sizes()) {
            // time proportional to pixels
            layer.add(new LayerTiming("eng", LayerOperation.FORWARD, base.withSize(s), 0.01 * s * s, 0.01));
        }
        List<VideoTiming> video = List.of(
                new VideoTiming(VideoTiming.OPENCV, VideoTiming.TVL1, V, 9000, 10),
                new VideoTiming("eng", "rgb-r34", V, 400, 1),
                new VideoTiming("eng", "flow-r34", V, 380, 1),
                new VideoTiming("eng", "repflow-r34", V, 490, 1));
        List<MemoryFigure> memory = List.of(
                new MemoryFigure("eng", new MemoryCase(PaperModel.REPFLOW_R34, V, 1), 1500, 3.5 * 1024 * 1024, 2048));
        Environment env = new Environment(
                Instant.parse("2026-11-24T00:00:00Z"),
                BenchMode.FULL,
                "Test CPU",
                2,
                4096,
                "Linux",
                "JVM 17",
                2,
                Map.of("eng", "Engine 1.0"),
                Map.of("JMH", "1.37"),
                "preliminary: hand-made figures",
                "io.repflow.bench.BenchMain --full --threads 2 --report docs");
        TrainingCase with = new TrainingCase(TrainingCase.REAL_56, 16, true);
        List<TrainingTiming> training = List.of(
                new TrainingTiming("eng", with, 2400, 10, 900),
                new TrainingTiming("eng", with.other(), 200, 1, 500),
                new TrainingTiming("eng", new TrainingCase(TrainingCase.MAIN_JOB, 16, true), 150, 1, 400),
                new TrainingTiming("eng", new TrainingCase(TrainingCase.MAIN_JOB, 16, false), 60, 1, 300));
        // 2 * 4096 * 1024 * 1024 = 8.59 GFLOP in 100 ms
        List<MatMulPeak> matMul = List.of(new MatMulPeak("eng", plan.matMul(), 100, 1));
        return new BenchReport(
                env,
                plan,
                layer,
                video,
                memory,
                List.of(new Skip("slow", BenchPart.VIDEO, "backend 'slow' does not declare MODEL_COMPILER yet")),
                bandwidth,
                training,
                matMul,
                List.of(
                        // forward+backward: the engine at half eager's memory at the base point, 1.5x at one iteration
                        new LayerMemory("eng", LayerOperation.FORWARD_BACKWARD, base, 500, 900, 2),
                        new LayerMemory(LayerTiming.PYTORCH, LayerOperation.FORWARD_BACKWARD, base, 1000, 1300, 2),
                        new LayerMemory("eng", LayerOperation.FORWARD_BACKWARD, base.withIterations(1), 90, 490, 2),
                        new LayerMemory(
                                LayerTiming.PYTORCH,
                                LayerOperation.FORWARD_BACKWARD,
                                base.withIterations(1),
                                60,
                                360,
                                2)));
    }

    @Test
    void memoryPerCallAgainstEagerAndItsTarget() {
        BenchReport r = report(java.util.Optional.empty());
        LayerPoint base = r.plan().base();
        LayerOperation fb = LayerOperation.FORWARD_BACKWARD;
        assertEquals(0.5, r.memoryRatioToPyTorch("eng", fb, base).getAsDouble(), 1e-12);
        assertEquals(
                1.5, r.memoryRatioToPyTorch("eng", fb, base.withIterations(1)).getAsDouble(), 1e-12);
        assertTrue(r.memoryRatioToPyTorch("eng", LayerOperation.FORWARD, base).isEmpty(), "forward not measured");
        String md = r.markdown(List.of());
        assertTrue(
                md.contains(
                        "- **eng, layer forward+backward memory per call**: at most PyTorch eager's at 1 of 2 points "
                                + "(0.50–1.50× eager's); at " + base.key()
                                + " 500 MiB against 1000 MiB (target ≤ 1× at every "
                                + "point: not met)."),
                md);
        assertTrue(md.contains("| `" + base.key() + "` | — | — | 500 (0.50×) | 1000 |"), md);
    }

    @Test
    void floorColumnFromTheBandwidth() {
        // 8 x 32 x 784 elements x 4 bytes x 305 values = 244.8 MB at 10 GB/s: 24.48 ms
        BenchReport r = report(java.util.Optional.of(new MemoryBandwidth(10, 0.2, 2, 1 << 25)));
        LayerPoint base = r.plan().base();
        double floor = 8.0 * 32 * 784 * 4 * 305 / 1e7;
        assertEquals(floor, r.floorMs(LayerOperation.FORWARD, base).getAsDouble(), 1e-9);
        assertEquals(
                2.5 / floor, r.ratioToFloor("eng", LayerOperation.FORWARD, base).getAsDouble(), 1e-12);
        String md = r.markdown(List.of());
        assertTrue(
                md.contains(
                        "| `it20-c32-s28-n8` | 20 | 32 | 28² | 8 | 2.50 (0.25×, 0.1× floor) | 10.0 (0.4× floor) | 24.5 |"),
                md);
        assertTrue(md.contains("| memory bandwidth | 10.0 GB/s (STREAM triad in Java, 2 threads, 3 × 128 MiB"), md);
        assertTrue(report().floorMs(LayerOperation.FORWARD, base).isEmpty(), "no bandwidth, no floor");
        assertTrue(!report().markdown(List.of()).contains("floor"), "no floor column without a bandwidth");
    }

    @Test
    void trainingRowsAndGflops() {
        BenchReport r = report();
        TrainingCase with = new TrainingCase(TrainingCase.REAL_56, 16, true);
        assertEquals(12.0, r.flowStepRatio("eng", with).getAsDouble(), 1e-12);
        assertEquals(12.0, r.flowStepRatio("eng", with.other()).getAsDouble(), 1e-12, "either case names the pair");
        assertEquals(
                2.5,
                r.flowStepRatio("eng", new TrainingCase(TrainingCase.MAIN_JOB, 16, true))
                        .getAsDouble(),
                1e-12);
        assertEquals(85.89934592, r.matMulGflopPerS("eng").getAsDouble(), 1e-9);
        double flops = NetworkFlops.perClip(PaperModel.REPFLOW_R34.spec(V));
        assertEquals(
                flops / 490e6,
                r.videoGflopPerS("eng", PaperModel.REPFLOW_R34, V).getAsDouble(),
                1e-9);
        String md = r.markdown(List.of());
        // no bandwidth measured: no floor
        assertTrue(md.contains("| eng | 8×56×56 | 16 | 200 | 2400 | 12.0× | 900 MiB |\n"), md);
        assertTrue(md.contains("| eng | 8×32×32 | 16 | 60.0 | 150 | 2.5× | 400 MiB |\n"), md);
        // 16 clips x 7 pairs at C' = 8, 56²: 112 * 8 * 3136 elements * 4 bytes * (5 + 15 * 10 + 8 + 27 * 10) values at
        // 10 GB/s
        BenchReport floored = report(java.util.Optional.of(new MemoryBandwidth(10, 0.2, 2, 1 << 25)));
        double floor = 112.0 * 8 * 3136 * 4 * (5 + 15 * 10 + 8 + 27 * 10) / 1e7;
        assertEquals(floor, floored.trainingFlowFloorMs(with).getAsDouble(), 1e-9);
        assertTrue(
                floored.markdown(List.of())
                        .contains("| eng | 8×56×56 | 16 | 200 | 2400 | 12.0× | 900 MiB | " + threeDigits(floor) + " | "
                                + String.format(java.util.Locale.ROOT, "%.1f×", (200 + floor) / 200) + " |"),
                md);
        assertTrue(
                md.contains(
                        "- **eng, training step of MotionNet on 16 clips of 8×56×56**: 2400 ms with the flow block, "
                                + "200 ms without: **12.0×** (target ≤ 3×: not met)."),
                md);
        assertTrue(md.contains("(target ≤ 3×: met)"), md);
        assertTrue(md.contains("| matrix multiply 4096×1024 · 1024×1024 | 8.59 | 85.9 |"), md);
        String gflops = threeDigits(flops / 490e6);
        long share = Math.round(100 * (flops / 490e6) / 85.89934592);
        assertTrue(
                md.contains("| rep-flow ResNet-34, 16×112×112 | " + threeDigits(flops / 1e9) + " | " + gflops + " ("
                        + share + " %) |"),
                md);
    }

    /** The report's three significant digits. */
    private static String threeDigits(double v) {
        return v >= 100
                ? String.format(java.util.Locale.ROOT, "%.0f", v)
                : v >= 10
                        ? String.format(java.util.Locale.ROOT, "%.1f", v)
                        : String.format(java.util.Locale.ROOT, "%.2f", v);
    }

    @Test
    void ratiosAndTwoStreamSums() {
        BenchReport r = report();
        LayerPoint base = r.plan().base();
        assertEquals(
                2.5 / 10, r.ratioToPyTorch("eng", LayerOperation.FORWARD, base).getAsDouble(), 1e-12);
        assertEquals(9000 + 400 + 380, r.twoStreamMs("eng", ResNetDepth.R34, V).getAsDouble(), 1e-9);
        assertEquals(9780 / 490.0, r.speedUp("eng", PaperModel.REPFLOW_R34, V).getAsDouble(), 1e-12);
        assertTrue(r.twoStreamMs("eng", ResNetDepth.R50, V).isEmpty(), "no ResNet-50 streams measured");
        assertTrue(r.speedUp("eng", PaperModel.FCF_R34, V).isEmpty());
        assertEquals(List.of("eng"), r.backends());
    }

    @Test
    void markdownStatesTargetsFitsAndSkips() {
        String md = report().markdown(List.of("layer-iterations.png"));
        assertTrue(md.contains("> preliminary: hand-made figures"), md);
        assertTrue(md.contains("**20.0×** faster (target ≥ 10×: met)"), md);
        // 9000 / 490 and (400 + 380) / 490; 10 × 490 - 780 ms
        assertTrue(
                md.contains("TV-L1 alone is 18.4× the rep-flow network and the two stream networks 1.6×; "
                        + "10× would need TV-L1 to take 4.12 s or more."),
                md);
        assertTrue(
                md.contains("eng, forward**: time ≈ 0.500 + 0.100 ms × iterations (R² = 1.000); time ∝ pixels^1.00."),
                md);
        assertTrue(md.contains("| `it20-c32-s28-n8` | 20 | 32 | 28² | 8 | 2.50 (0.25×) | 10.0 |"), md);
        assertTrue(md.contains("| **two-stream ResNet-34** (sum) | **9.78** |"), md);
        assertTrue(md.contains("| eng | rep-flow ResNet-34 | 16×112×112 | 1 | 1500 | 3.50 MiB | 2048 MiB |"), md);
        assertTrue(md.contains("- slow, video: backend 'slow' does not declare MODEL_COMPILER yet"), md);
        assertTrue(md.contains("| CPU | Test CPU |"), md);
        assertTrue(md.contains("![layer-iterations](benchmarks/layer-iterations.png)"), md);
        assertTrue(md.contains("io.repflow.bench.BenchMain --full --threads 2 --report docs\n"), md);
    }

    @Test
    void writesMarkdownAndPngChartsAtomically(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("benchmarks"));
        Files.writeString(dir.resolve("benchmarks/two-stream-3x48.png"), "an earlier run's chart");
        Files.writeString(dir.resolve("benchmarks/logo.png"), "not ours");
        Path md = report().write(dir);
        assertTrue(Files.notExists(dir.resolve("benchmarks/two-stream-3x48.png")), "stale chart removed");
        assertTrue(Files.exists(dir.resolve("benchmarks/logo.png")), "other files kept");
        assertEquals(dir.resolve("benchmarks.md"), md);
        String text = Files.readString(md);
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        for (String chart : List.of("layer-iterations.png", "layer-size.png", "two-stream-16x112.png")) {
            Path file = dir.resolve("benchmarks").resolve(chart);
            assertTrue(Files.size(file) > 1000, chart);
            assertArrayEquals(png, Arrays.copyOf(Files.readAllBytes(file), 4), chart + " is a PNG");
            assertTrue(text.contains("benchmarks/" + chart), chart + " is linked from the report");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void includesTheHandKeptMissedTargetsOnEveryWrite(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("benchmarks"));
        String kept = "- **djl, training step at 8×56²**: 3589 ms = 44.0× the step without the block; tried X: lost.\n";
        Files.writeString(dir.resolve("benchmarks").resolve(BenchReport.MISSED), kept);
        report().write(dir);
        String text = Files.readString(report().write(dir));
        int targets = text.indexOf("## The issue's targets");
        int missed = text.indexOf("### Missed targets: what was tried and the measured reason");
        int layer = text.indexOf("## Flow layer");
        assertTrue(targets >= 0 && targets < missed && missed < layer, text);
        assertEquals(missed, text.lastIndexOf("### Missed targets"), "one section after writing twice");
        assertTrue(text.substring(missed, layer).contains(kept.strip()), text);
        assertEquals(
                kept,
                Files.readString(dir.resolve("benchmarks").resolve(BenchReport.MISSED)),
                "the file is not touched");
        assertTrue(!report().markdown(List.of()).contains("### Missed targets"), "no section without the file");
    }

    @Test
    void includesTheHandKeptSectionsAfterTheTablesInNameOrder(@TempDir Path dir) throws IOException {
        Path kept = dir.resolve("benchmarks").resolve(BenchReport.KEPT);
        Files.createDirectories(kept);
        Files.writeString(kept.resolve("b-second.md"), "## Second kept\n\nbefore 1106 ms, after 878 ms\n");
        Files.writeString(kept.resolve("a-first.md"), "## First kept\n\nmeasured by hand\n");
        Files.writeString(kept.resolve("notes.txt"), "## Not a section\n");
        report().write(dir);
        String text = Files.readString(report().write(dir));
        int layer = text.indexOf("## Flow layer");
        int first = text.indexOf("## First kept");
        int second = text.indexOf("## Second kept");
        int reproduce = text.indexOf("## Reproduce");
        assertTrue(layer >= 0 && layer < first && first < second && second < reproduce, text);
        assertEquals(first, text.lastIndexOf("## First kept"), "one copy after writing twice");
        assertTrue(text.contains("before 1106 ms, after 878 ms"), text);
        assertTrue(!text.contains("## Not a section"), "only .md files are sections");
    }
}
