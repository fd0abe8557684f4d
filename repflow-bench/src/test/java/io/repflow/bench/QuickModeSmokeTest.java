package io.repflow.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.repflow.spi.Backends;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI smoke run: quick mode end to end on the float64 reference backend — JMH children, the PyTorch
 * baseline, OpenCV TV-L1, the networks, a training step, the report. Asserts that every planned figure
 * arrives, finite and positive; never how fast.
 */
class QuickModeSmokeTest {

    @Test
    void quickModeMeasuresEveryPlannedFigure(@TempDir Path dir) throws IOException {
        BenchOptions options = BenchOptions.builder()
                .mode(BenchMode.QUICK)
                .backends("reference")
                .threads(1)
                .reportDir(dir)
                .note("smoke test")
                .build();
        BenchReport r = BenchRunner.run(options);
        BenchPlan plan = options.plan();

        assertEquals(List.of(), r.skipped(), "nothing skipped");
        for (String backend : List.of("reference", LayerTiming.PYTORCH)) {
            for (LayerPoint p : plan.layerPoints()) {
                for (LayerOperation op : LayerOperation.values()) {
                    double ms = r.layerMs(backend, op, p)
                            .orElseThrow(() -> new AssertionError(backend + " " + op + " " + p + " missing"));
                    assertTrue(ms > 0 && Double.isFinite(ms), backend + " " + op + " " + p + ": " + ms);
                }
            }
        }
        for (String backend : List.of("reference", LayerTiming.PYTORCH)) {
            for (LayerPoint p : plan.layerPoints()) {
                for (LayerOperation op : LayerOperation.values()) {
                    LayerMemory m = r.layerMemory().stream()
                            .filter(x ->
                                    x.backend().equals(backend) && x.point().equals(p) && x.operation() == op)
                            .findFirst()
                            .orElseThrow(() -> new AssertionError(backend + " " + op + " " + p + " memory missing"));
                    // a process holding a JVM or torch is far above 50 MiB; what the calls add is never negative
                    assertTrue(m.peakRssMiB() > 50 && m.callMiB() >= 0 && m.callMiB() < m.peakRssMiB(), m.toString());
                    assertEquals(LayerMemory.CALLS, m.calls(), m.toString());
                }
            }
        }
        for (VideoShape v : plan.videos()) {
            assertTrue(r.videoMs(VideoTiming.OPENCV, VideoTiming.TVL1, v).orElseThrow() > 0);
            for (PaperModel m : plan.models()) {
                assertTrue(r.videoMs("reference", m.id(), v).orElseThrow() > 0, m.id());
            }
            assertTrue(r.speedUp("reference", PaperModel.REPFLOW_R34, v).isPresent());
        }
        assertEquals(plan.memory().size(), r.memory().size());
        MemoryFigure f = r.memory().get(0);
        assertTrue(f.peakRssMb() > 50 && f.allocatedBytesPerStep() > 0 && f.stepMs() > 0, f.toString());
        assertEquals(plan.training().size(), r.training().size());
        for (TrainingCase c : plan.training()) {
            assertTrue(r.trainingMs("reference", c).orElseThrow() > 0, c.label());
        }
        assertTrue(r.flowStepRatio("reference", plan.training().get(1)).isPresent());
        assertTrue(r.matMulGflopPerS("reference").orElseThrow() > 0);

        String md = Files.readString(dir.resolve(BenchReport.MARKDOWN));
        assertTrue(md.contains("> smoke test") && md.contains("**quick** mode"), md);
        assertTrue(md.contains("## Training step: MotionNet with and without the flow block"), md);
        assertTrue(md.contains("## Achieved GFLOP/s"), md);
        assertTrue(md.contains("### memory per call"), md);
        assertTrue(md.contains("- **reference, layer forward+backward memory per call**"), md);
        assertTrue(Files.exists(
                dir.resolve("benchmarks/two-stream-" + plan.videos().get(0).key() + ".png")));
        assertTrue(Files.exists(dir.resolve("benchmarks/raw/jmh-layer-reference.json")));
        assertTrue(Files.exists(dir.resolve("benchmarks/raw/layer-memory-reference.json")));
        assertTrue(Files.exists(dir.resolve("benchmarks/raw/python-layer-memory.json")));
    }

    @Test
    void forkedRunsGetTheRunsArgumentsAndReportMemory(@TempDir Path dir) throws IOException {
        // the full mode's path: JMH forks one JVM per parameter set with the runner's JVM arguments
        JmhSettings forked = new JmhSettings(1, 0, Duration.ofMillis(100), 1, Duration.ofMillis(100));
        VideoShape tiny = new VideoShape(3, 32);
        BenchPlan plan = new BenchPlan(
                new LayerPoint(2, 2, 8, 1),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                forked,
                0,
                1,
                List.of(tiny),
                List.of(PaperModel.RGB_R34),
                forked,
                List.of(new MemoryCase(PaperModel.REPFLOW_R34, tiny, 1)),
                forked,
                new MatMulPeak.Dims(16, 8, 8),
                List.of(),
                forked);
        BenchReport r = BenchRunner.run(BenchOptions.builder()
                .mode(BenchMode.FULL)
                .plan(plan)
                .backends("reference")
                .threads(1)
                .parts(EnumSet.of(BenchPart.LAYER, BenchPart.MEMORY))
                .jvmArgs(List.of("-Xmx1g"))
                .reportDir(dir)
                .build());
        assertEquals(List.of(), r.skipped());
        assertEquals(2, r.layer().size());
        MemoryFigure f = r.memory().get(0);
        assertTrue(f.peakRssMb() > 50 && f.allocatedBytesPerStep() > 0, f.toString());
        for (String file : List.of("jmh-layer-reference.json", "jmh-memory-reference-repflow-r34-3x32-b1.json")) {
            JsonNode rows = new ObjectMapper()
                    .readTree(dir.resolve("benchmarks/raw").resolve(file).toFile());
            for (JsonNode row : rows) {
                assertEquals(1, row.path("forks").asInt(), file);
                List<String> args = new ArrayList<>();
                row.path("jvmArgs").forEach(a -> args.add(a.asText()));
                assertTrue(
                        args.containsAll(List.of("-Drepflow.bench.threads=1", "-Dai.djl.offline=true", "-Xmx1g")),
                        file + ": " + args);
            }
        }
    }

    @Test
    void unknownBackendListsTheInstalledOnes() {
        RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(
                RuntimeException.class, () -> BenchRunner.chooseBackends(Backends.load(), List.of("cuda-magic")));
        assertTrue(e.getMessage().contains("'cuda-magic'") && e.getMessage().contains("reference"), e.getMessage());
    }

    @Test
    void defaultChoiceIsEveryEngineButTheReference() {
        List<String> ids = BenchRunner.chooseBackends(Backends.load(), List.of()).stream()
                .map(p -> p.id())
                .toList();
        boolean onlyReference = Backends.load().providers().size() == 1;
        assertEquals(onlyReference, ids.contains("reference"), ids.toString());
    }
}
