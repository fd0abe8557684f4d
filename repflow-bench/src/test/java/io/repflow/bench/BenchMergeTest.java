package io.repflow.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BenchMerge on hand-written raw results of two runs: who comes from where, what is missing, the commands. */
class BenchMergeTest {

    private static final String BASE = "it20-c32-s28-n8";

    @TempDir
    Path tmp;

    @Test
    void takesEachBackendFromTheFirstRunThatMeasuredIt() throws IOException {
        Path one = run("one", 2, "a", 10.0, true);
        Path two = run("two", 2, "b", 30.0, false);
        // run two also has backend a, with other figures: run one's must win
        layer(two, "a", 99.0);
        Path out = tmp.resolve("out");

        BenchReport r = BenchMerge.merge(List.of(one, two), out, null, "", "--report out one two");

        assertEquals(List.of("a", "b"), r.backends());
        assertEquals(
                10.0,
                r.layerMs("a", LayerOperation.FORWARD, LayerPoint.parse(BASE)).getAsDouble(),
                0);
        assertEquals(
                30.0,
                r.layerMs("b", LayerOperation.FORWARD, LayerPoint.parse(BASE)).getAsDouble(),
                0);
        assertEquals(
                5.0,
                r.layerMs(LayerTiming.PYTORCH, LayerOperation.FORWARD, LayerPoint.parse(BASE))
                        .getAsDouble(),
                0);
        assertEquals(
                4000.0,
                r.videoMs(VideoTiming.OPENCV, VideoTiming.TVL1, VideoShape.PAPER_SMALL)
                        .getAsDouble(),
                0);
        assertEquals(2, r.environment().threads());
        // the triad of run one: 2^25 floats per array, 12 bytes each, in 40 ms
        assertEquals(12.0 * (1 << 25) / 40e6, r.bandwidth().orElseThrow().gbPerS(), 1e-9);
        assertTrue(Files.exists(out.resolve("benchmarks/raw/jmh-floor-triad.json")));
        // b measured only the base forward: everything else of the full plan is listed as missing
        assertTrue(
                r.skipped()
                        .contains(new Skip(
                                "b",
                                BenchPart.LAYER,
                                "forward+backward " + BASE + ": no result in the merged runs (see their raw logs)")),
                r.skipped().toString());
        assertTrue(r.skipped().stream().anyMatch(s -> s.backend().equals("a") && s.part() == BenchPart.MEMORY));
        assertTrue(Files.exists(out.resolve("benchmarks/raw/jmh-layer-b.json")));
        assertTrue(Files.exists(out.resolve("benchmarks/raw/python-baseline.json")));

        String md = Files.readString(out.resolve(BenchReport.MARKDOWN));
        assertTrue(md.contains("run 1 (first result written "), md);
        assertTrue(md.contains("): a, OpenCV TV-L1, PyTorch baseline, memory bandwidth; run 2 ("), md);
        assertTrue(md.contains("| memory bandwidth | 10.1 GB/s (STREAM triad in Java, 2 threads"), md);
        assertTrue(md.contains("io.repflow.bench.BenchMain --full --threads 2 --backends a --report one\n"), md);
        assertTrue(md.contains("io.repflow.bench.BenchMerge --report out one two\n"), md);
    }

    @Test
    void aShortRunGivenFirstReplacesJustItsRows() throws IOException {
        Path full = run("full", 2, "a", 10.0, true);
        // the short run: backend a and the baseline at one other point only
        Path shortRun = tmp.resolve("short");
        Files.createDirectories(shortRun.resolve("benchmarks/raw"));
        Files.writeString(
                shortRun.resolve("benchmarks/raw/jmh-layer-a.json"),
                "[{\"benchmark\":\"io.repflow.bench.jmh.FlowLayerBenchmark.forward\",\"params\":{\"backend\":\"a\","
                        + "\"point\":\"it20-c32-s28-n120\"},\"primaryMetric\":{\"score\":7.0,\"scoreError\":0.1},\"secondaryMetrics\":{}}]");
        Files.writeString(
                shortRun.resolve("benchmarks/raw/python-baseline.json"),
                "{\"torch\":\"2.0\",\"python\":\"3.11\",\"threads\":2,\"results\":[{\"point\":\"it20-c32-s28-n120\","
                        + "\"operation\":\"forward\",\"meanMs\":70.0,\"stdevMs\":0.5}]}");
        Path out = tmp.resolve("out");
        // the committed report's hand-kept account of missed targets survives the merge
        Files.createDirectories(out.resolve(BenchReport.ASSETS));
        Files.writeString(out.resolve(BenchReport.ASSETS).resolve(BenchReport.MISSED), "- tried Z: lost (why)\n");

        BenchReport r = BenchMerge.merge(List.of(shortRun, full), out, null, "", "--report out short full");

        LayerPoint big = LayerPoint.parse("it20-c32-s28-n120");
        assertEquals(7.0, r.layerMs("a", LayerOperation.FORWARD, big).getAsDouble(), 0);
        assertEquals(0.1, r.ratioToPyTorch("a", LayerOperation.FORWARD, big).getAsDouble(), 1e-12);
        assertEquals(
                10.0,
                r.layerMs("a", LayerOperation.FORWARD, LayerPoint.parse(BASE)).getAsDouble(),
                0,
                "the full run's row at the point the short run did not measure");
        assertEquals(
                5.0,
                r.layerMs(LayerTiming.PYTORCH, LayerOperation.FORWARD, LayerPoint.parse(BASE))
                        .getAsDouble(),
                0);
        String md = Files.readString(out.resolve(BenchReport.MARKDOWN));
        assertTrue(
                md.contains(
                        "Layer points by run (a row comes from the first run that has it): run 1: it20-c32-s28-n120; "
                                + "run 2: it20-c32-s28-n8."),
                md);
        assertTrue(md.contains("### Missed targets: what was tried and the measured reason"), md);
        assertTrue(md.contains("- tried Z: lost (why)\n"), md);
        assertTrue(
                Files.readString(out.resolve("benchmarks/raw/jmh-layer-a.json")).contains("n120"));
        assertTrue(Files.readString(out.resolve("benchmarks/raw/run-2/jmh-layer-a.json"))
                .contains(BASE));
    }

    @Test
    void layerMemoryRowsOfEnginesAndEagerComeFromTheFirstRunThatHasThem() throws IOException {
        Path fresh = run("fresh", 2, "a", 10.0, true);
        Path old = run("old", 2, "a", 10.0, true);
        LayerPoint base = LayerPoint.parse(BASE);
        LayerOperation fb = LayerOperation.FORWARD_BACKWARD;
        io.repflow.bench.internal.LayerMemorySuite.write(
                fresh.resolve("benchmarks/raw/layer-memory-a.json"),
                List.of(new LayerMemory("a", fb, base, 400, 700, 2)));
        io.repflow.bench.internal.LayerMemorySuite.write(
                fresh.resolve("benchmarks/raw/" + io.repflow.bench.internal.PythonBaseline.MEMORY_RESULT_FILE),
                List.of(new LayerMemory(LayerTiming.PYTORCH, fb, base, 800, 1000, 2)));
        io.repflow.bench.internal.LayerMemorySuite.write(
                old.resolve("benchmarks/raw/layer-memory-a.json"),
                List.of(new LayerMemory("a", fb, base, 9999, 9999, 2)));
        Path out = tmp.resolve("out");

        BenchReport r = BenchMerge.merge(List.of(fresh, old), out, null, "", "--report out fresh old");

        assertEquals(400, r.layerMemoryMiB("a", fb, base).getAsDouble(), 0);
        assertEquals(0.5, r.memoryRatioToPyTorch("a", fb, base).getAsDouble(), 1e-12);
        assertEquals(
                List.of(new LayerMemory("a", fb, base, 400, 700, 2)),
                io.repflow.bench.internal.LayerMemorySuite.read(out.resolve("benchmarks/raw/layer-memory-a.json")));
        assertTrue(Files.exists(out.resolve("benchmarks/raw/python-layer-memory.json")));
        // the points the runs did not probe are listed as not measured, the probed one is not
        assertTrue(r.skipped().stream()
                .anyMatch(x -> x.backend().equals("a") && x.reason().startsWith("forward " + BASE + " memory: ")));
        assertTrue(r.skipped().stream()
                .noneMatch(
                        x -> x.backend().equals("a") && x.reason().startsWith("forward+backward " + BASE + " memory")));
    }

    @Test
    void trainingMatMulAndEagerVideoRowsComeFromTheFirstRunThatHasThem() throws IOException {
        Path full = run("full", 2, "a", 10.0, true);
        // the full run's training row of the same case, which the new run replaces
        Files.writeString(
                full.resolve("benchmarks/raw/jmh-training-a-motionnet-8x56-b16.json"), training("motionnet", 9999));
        Path fresh = tmp.resolve("fresh");
        Files.createDirectories(fresh.resolve("benchmarks/raw"));
        Path raw = fresh.resolve("benchmarks/raw");
        Files.writeString(raw.resolve("jmh-training-a-motionnet-8x56-b16.json"), training("motionnet", 2400));
        Files.writeString(
                raw.resolve("jmh-training-a-motionnet-noflow-8x56-b16.json"), training("motionnet-noflow", 200));
        Files.writeString(
                raw.resolve("jmh-matmul-a.json"),
                "[{\"benchmark\":\"io.repflow.bench.jmh.MatMulBenchmark.product\",\"params\":{\"backend\":\"a\",\"m\":\"4096\","
                        + "\"k\":\"1024\",\"n\":\"1024\"},\"primaryMetric\":{\"score\":100.0,\"scoreError\":1.0},"
                        + "\"secondaryMetrics\":{}}]");
        Files.writeString(
                raw.resolve("python-video.json"),
                "{\"torch\":\"2.0\",\"python\":\"3.11\",\"threads\":2,\"results\":[{\"model\":\"rgb-r34\",\"video\":\"16x112\","
                        + "\"meanMs\":800.0,\"stdevMs\":5.0,\"parameters\":1}]}");

        BenchReport r = BenchMerge.merge(List.of(fresh, full), tmp.resolve("out"), null, "", "--report out fresh full");

        TrainingCase with = new TrainingCase(TrainingCase.REAL_56, 16, true);
        assertEquals(2400.0, r.trainingMs("a", with).getAsDouble(), 0);
        assertEquals(12.0, r.flowStepRatio("a", with).getAsDouble(), 1e-12);
        assertEquals(2.0 * 4096 * 1024 * 1024 / 100e6, r.matMulGflopPerS("a").getAsDouble(), 1e-9);
        assertEquals(
                800.0,
                r.videoMs(LayerTiming.PYTORCH, "rgb-r34", VideoShape.PAPER_SMALL)
                        .getAsDouble(),
                0);
        assertEquals(List.of("a"), r.backends(), "PyTorch eager is no backend column");
        assertTrue(
                r.skipped()
                        .contains(new Skip(
                                "a",
                                BenchPart.TRAINING,
                                "motionnet 8x32 ×16: no result in the merged runs (see their raw logs)")),
                r.skipped().toString());
        Path out = tmp.resolve("out/benchmarks/raw");
        assertTrue(Files.exists(out.resolve("python-video.json")) && Files.exists(out.resolve("jmh-matmul-a.json")));
        assertTrue(Files.readString(out.resolve("run-2/jmh-training-a-motionnet-8x56-b16.json"))
                .contains("9999"));
    }

    private static String training(String model, double ms) {
        return String.format(
                Locale.ROOT,
                "[{\"benchmark\":\"io.repflow.bench.jmh.TrainingStepBenchmark.trainStep\",\"params\":{\"backend\":\"a\","
                        + "\"model\":\"%s\",\"video\":\"8x56\",\"batch\":\"16\"},\"primaryMetric\":{\"score\":%s,"
                        + "\"scoreError\":1.0},\"secondaryMetrics\":{\"rss.peak\":{\"score\":900.0}}}]",
                model,
                ms);
    }

    @Test
    void refusesRunsMeasuredWithOtherThreadCounts() throws IOException {
        Path one = run("one", 2, "a", 10.0, true);
        Path two = run("two", 1, "b", 30.0, false);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> BenchMerge.merge(List.of(one, two), tmp.resolve("out"), null, "", "x"));
        assertTrue(
                e.getMessage().contains("run 2 measured with 1 threads, the merged report states 2"), e.getMessage());
    }

    @Test
    void namesTheMissingRawDirectory() {
        IOException e = assertThrows(
                IOException.class,
                () -> BenchMerge.merge(List.of(tmp.resolve("nothing")), tmp.resolve("out"), 2, "", "x"));
        assertTrue(e.getMessage().contains("nothing/benchmarks/raw"), e.getMessage());
    }

    /** A run directory as BenchMain leaves it: raw JSON, and a report whose reproduce line names the run. */
    private Path run(String name, int threads, String backend, double ms, boolean withSharedParts) throws IOException {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir.resolve("benchmarks/raw"));
        layer(dir, backend, ms);
        if (withSharedParts) {
            Files.writeString(
                    dir.resolve("benchmarks/raw/jmh-video-tvl1.json"),
                    "[{\"benchmark\":\"x.OpenCvTvl1Benchmark.tvl1\","
                            + "\"params\":{\"video\":\"16x112\"},\"primaryMetric\":{\"score\":4000.0,\"scoreError\":1.0},\"secondaryMetrics\":{}}]");
            Files.writeString(
                    dir.resolve("benchmarks/raw/python-baseline.json"),
                    String.format(
                            Locale.ROOT,
                            "{\"torch\":\"2.0\",\"python\":\"3.11\",\"threads\":%d,\"results\":[{\"point\":\"%s\",\"operation\":\"forward\","
                                    + "\"meanMs\":5.0,\"stdevMs\":0.5}]}",
                            threads,
                            BASE));
            Files.writeString(
                    dir.resolve("benchmarks/raw/jmh-floor-triad.json"),
                    "[{\"benchmark\":\"io.repflow.bench.jmh.StreamTriadBenchmark.triad\",\"params\":{\"threads\":\""
                            + threads
                            + "\",\"elements\":\"33554432\"},\"primaryMetric\":{\"score\":40.0,\"scoreError\":0.5},\"secondaryMetrics\":{}}]");
        }
        Files.writeString(
                dir.resolve(BenchReport.MARKDOWN),
                "# repflow benchmarks\n\n```bash\n"
                        + "java -cp \"repflow-bench/target/classes:$(cat repflow-bench/target/bench.classpath)\" io.repflow.bench.BenchMain --full --threads "
                        + threads + " --backends " + backend + " --report " + name + "\n```\n");
        return dir;
    }

    private static void layer(Path dir, String backend, double ms) throws IOException {
        Files.writeString(
                dir.resolve("benchmarks/raw/jmh-layer-" + backend + ".json"),
                String.format(
                        Locale.ROOT,
                        "[{\"benchmark\":\"io.repflow.bench.jmh.FlowLayerBenchmark.forward\",\"params\":{\"backend\":\"%s\",\"point\":\"%s\"},"
                                + "\"primaryMetric\":{\"score\":%s,\"scoreError\":0.1},\"secondaryMetrics\":{}}]",
                        backend,
                        BASE,
                        ms));
    }
}
