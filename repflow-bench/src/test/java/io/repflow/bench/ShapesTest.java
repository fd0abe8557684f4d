package io.repflow.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys of layer points and videos, and the plans' sweeps. */
class ShapesTest {

    @Test
    void layerPointKeysRoundTrip() {
        LayerPoint p = new LayerPoint(20, 32, 28, 8);
        assertEquals("it20-c32-s28-n8", p.key());
        assertEquals(p, LayerPoint.parse(" it20-c32-s28-n8 "));
        assertEquals(784, p.pixels());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerPoint.parse("20x28"));
        assertTrue(e.getMessage().contains("'20x28'") && e.getMessage().contains("it20-c32-s28-n8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LayerPoint(0, 1, 8, 1));
    }

    @Test
    void videoKeysRoundTrip() {
        assertEquals(VideoShape.PAPER_LARGE, VideoShape.parse("32x224"));
        assertEquals("16x112", VideoShape.PAPER_SMALL.key());
        assertEquals(15, VideoShape.PAPER_SMALL.pairs());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new VideoShape(16, 16));
        assertTrue(e.getMessage().contains("size = 16"), e.getMessage());
    }

    @Test
    void fullPlanSweepsOneFactorAtATime() {
        BenchPlan full = BenchPlan.full();
        List<LayerPoint> points = full.layerPoints();
        // 5 iteration counts + 2 more sizes + 2 more channel counts + 3 more batches around the base
        assertEquals(12, points.size(), points.toString());
        assertEquals(full.base(), points.get(0));
        for (LayerPoint p : points) {
            int differing = (p.iterations() != full.base().iterations() ? 1 : 0)
                    + (p.channels() != full.base().channels() ? 1 : 0)
                    + (p.size() != full.base().size() ? 1 : 0)
                    + (p.batch() != full.base().batch() ? 1 : 0);
            assertTrue(differing <= 1, p + " varies more than one factor");
        }
        assertTrue(points.containsAll(List.of(
                LayerPoint.parse("it50-c32-s28-n8"),
                LayerPoint.parse("it20-c32-s56-n8"),
                LayerPoint.parse("it20-c64-s28-n8"),
                LayerPoint.parse("it20-c32-s28-n32"),
                LayerPoint.parse("it20-c32-s14-n8"),
                LayerPoint.parse("it20-c32-s28-n120"))));
        assertEquals(List.of(VideoShape.PAPER_SMALL, VideoShape.PAPER_LARGE), full.videos());
    }

    @Test
    void optionsDefaultAndValidate() {
        BenchOptions o = BenchOptions.builder().build();
        assertEquals(BenchMode.QUICK, o.mode());
        assertEquals(BenchPlan.quick(), o.plan());
        assertTrue(o.runs(BenchPart.MEMORY) && o.runs(BenchPart.LAYER));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> BenchOptions.builder().threads(0).build());
        assertTrue(e.getMessage().contains("threads = 0"), e.getMessage());
    }

    @Test
    void commandLineParses() {
        BenchOptions o = BenchMain.parse(new String[] {
            "--full",
            "--report",
            "out",
            "--backends",
            "djl, tf",
            "--threads",
            "3",
            "--parts",
            "layer,pytorch-baseline",
            "--jvm-arg",
            "-Xmx8g"
        });
        assertEquals(BenchMode.FULL, o.mode());
        assertEquals(List.of("djl", "tf"), o.backends());
        assertEquals(3, o.threads());
        assertEquals(java.util.EnumSet.of(BenchPart.LAYER, BenchPart.PYTORCH_BASELINE), o.parts());
        assertEquals(List.of("-Xmx8g"), o.jvmArgs());
        assertEquals(BenchPlan.full(), o.plan());
        BenchOptions custom = BenchMain.parse(
                new String[] {"--report", "out", "--videos", "16x112", "--models", "repflow-r34,rgb-r34"});
        assertEquals(List.of(VideoShape.PAPER_SMALL), custom.plan().videos());
        assertEquals(
                List.of(PaperModel.REPFLOW_R34, PaperModel.RGB_R34),
                custom.plan().models());
        assertEquals(
                List.of(new MemoryCase(PaperModel.REPFLOW_R34, VideoShape.PAPER_SMALL, 1)),
                custom.plan().memory());
        assertEquals(
                "--quick --threads " + custom.threads() + " --videos 16x112 --models repflow-r34,rgb-r34 --report out",
                custom.commandLine());
        assertEquals(
                "--full --threads 3 --backends djl,tf --parts layer,pytorch_baseline --jvm-arg -Xmx8g --report out",
                o.commandLine());
        BenchOptions odd = BenchOptions.builder().plan(BenchPlan.full()).build();
        assertTrue(odd.commandLine().endsWith("# with a custom BenchPlan"), odd.commandLine());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> BenchMain.parse(new String[] {"--quick"}));
        assertTrue(e.getMessage().contains("--report"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> BenchMain.parse(new String[] {"--report", "x", "--parts", "gpu"}));
        assertTrue(e.getMessage().contains("'gpu'"), e.getMessage());
    }

    @Test
    void sweepFlagsMeasureJustTheNamedPoints() {
        BenchOptions o = BenchMain.parse(new String[] {
            "--full",
            "--report",
            "r",
            "--sizes",
            "28,56",
            "--batches",
            "8,120",
            "--iterations",
            "20",
            "--channels",
            "32",
            "--models",
            "repflow-r34,rgb-r34,flow-r34"
        });
        assertEquals(
                List.of(
                        LayerPoint.parse("it20-c32-s28-n8"),
                        LayerPoint.parse("it20-c32-s56-n8"),
                        LayerPoint.parse("it20-c32-s28-n120")),
                o.plan().layerPoints());
        assertTrue(
                o.commandLine().contains("--iterations 20 --sizes 28,56 --channels 32 --batches 8,120")
                        && !o.commandLine().contains("custom"),
                o.commandLine());
        assertTrue(
                o.plan().memory().stream().allMatch(c -> c.model() == PaperModel.REPFLOW_R34),
                o.plan().memory().toString());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> BenchMain.parse(new String[] {"--report", "r", "--sizes", "28,x"}));
        assertTrue(e.getMessage().contains("--sizes"), e.getMessage());
    }

    @Test
    void layerRoundsSetJmhIterationsAndBaselineCalls() {
        BenchOptions o = BenchMain.parse(new String[] {"--full", "--report", "r", "--layer-rounds", "1,3"});
        assertEquals(1, o.plan().layerJmh().warmupIterations());
        assertEquals(3, o.plan().layerJmh().iterations());
        assertEquals(BenchPlan.full().layerJmh().forks(), o.plan().layerJmh().forks());
        assertEquals(1, o.plan().baselineWarmup());
        assertEquals(3, o.plan().baselineRepeat());
        assertTrue(
                o.commandLine().contains("--layer-rounds 1,3 --report r")
                        && !o.commandLine().contains("custom"),
                o.commandLine());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> BenchMain.parse(new String[] {"--report", "r", "--layer-rounds", "2"}));
        assertTrue(e.getMessage().contains("--layer-rounds needs WARMUP,MEASURED"), e.getMessage());
    }
}
