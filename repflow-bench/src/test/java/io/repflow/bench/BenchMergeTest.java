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
        assertTrue(md.contains("): a, OpenCV TV-L1, PyTorch baseline; run 2 ("), md);
        assertTrue(md.contains("io.repflow.bench.BenchMain --full --threads 2 --backends a --report one\n"), md);
        assertTrue(md.contains("io.repflow.bench.BenchMerge --report out one two\n"), md);
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
