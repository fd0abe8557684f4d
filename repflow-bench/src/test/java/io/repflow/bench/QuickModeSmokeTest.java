package io.repflow.bench;

import io.repflow.spi.Backends;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CI smoke run: quick mode end to end on the float64 reference backend — JMH children, the PyTorch
 * baseline, OpenCV TV-L1, the networks, a training step, the report. Asserts that every planned figure
 * arrives, finite and positive; never how fast.
 */
class QuickModeSmokeTest {

    @Test
    void quickModeMeasuresEveryPlannedFigure(@TempDir Path dir) throws IOException {
        BenchOptions options = BenchOptions.builder().mode(BenchMode.QUICK).backends("reference").threads(1).reportDir(dir)
                .note("smoke test").build();
        BenchReport r = BenchRunner.run(options);
        BenchPlan plan = options.plan();

        assertEquals(List.of(), r.skipped(), "nothing skipped");
        for (String backend : List.of("reference", LayerTiming.PYTORCH)) {
            for (LayerPoint p : plan.layerPoints()) {
                for (LayerOperation op : LayerOperation.values()) {
                    double ms = r.layerMs(backend, op, p).orElseThrow(() -> new AssertionError(backend + " " + op + " " + p + " missing"));
                    assertTrue(ms > 0 && Double.isFinite(ms), backend + " " + op + " " + p + ": " + ms);
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

        String md = Files.readString(dir.resolve(BenchReport.MARKDOWN));
        assertTrue(md.contains("> smoke test") && md.contains("**quick** mode"), md);
        assertTrue(Files.exists(dir.resolve("benchmarks/two-stream-" + plan.videos().get(0).key() + ".png")));
        assertTrue(Files.exists(dir.resolve("benchmarks/raw/jmh-layer-reference.json")));
    }

    @Test
    void unknownBackendListsTheInstalledOnes() {
        RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> BenchRunner.chooseBackends(Backends.load(), List.of("cuda-magic")));
        assertTrue(e.getMessage().contains("'cuda-magic'") && e.getMessage().contains("reference"), e.getMessage());
    }

    @Test
    void defaultChoiceIsEveryEngineButTheReference() {
        List<String> ids = BenchRunner.chooseBackends(Backends.load(), List.of()).stream().map(p -> p.id()).toList();
        boolean onlyReference = Backends.load().providers().size() == 1;
        assertEquals(onlyReference, ids.contains("reference"), ids.toString());
    }
}
