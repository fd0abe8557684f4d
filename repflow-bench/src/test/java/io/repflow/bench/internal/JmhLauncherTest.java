package io.repflow.bench.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.bench.JmhSettings;
import io.repflow.bench.jmh.FlowLayerBenchmark;
import io.repflow.bench.jmh.PeakRssProfiler;
import io.repflow.bench.jmh.VideoInferenceBenchmark;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JMH child's command line, and reading JMH's JSON (fixtures written by real quick runs of this module). */
class JmhLauncherTest {

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(JmhLauncherTest.class.getResource("/jmh/" + name).toURI());
    }

    @Test
    void readsPrimaryAndSecondaryResults() throws Exception {
        List<JmhResult> rows = JmhLauncher.parse(fixture("training-step.json"));
        assertEquals(1, rows.size());
        JmhResult r = rows.get(0);
        assertEquals("trainStep", r.method());
        assertEquals(Map.of("backend", "reference", "batch", "1", "model", "repflow-r34", "video", "3x48"), r.params());
        assertEquals(15354.99933, r.score(), 1e-9);
        assertTrue(Double.isNaN(r.error()), "JMH writes a single sample's error as the string NaN");
        assertEquals(1_749_689_800.0, r.secondary("gc.alloc.rate.norm"), 1e-3);
        assertEquals(1340.0390625, r.secondary(PeakRssProfiler.PEAK), 1e-9);
        assertTrue(Double.isNaN(r.secondary("no.such.metric")));
    }

    @Test
    void readsEveryRowOfASuite() throws Exception {
        List<JmhResult> rows = JmhLauncher.parse(fixture("flow-layer.json"));
        assertEquals(6, rows.size());
        JmhResult last = rows.get(5);
        assertEquals("forwardBackward", last.method());
        assertEquals("it5-c8-s28-n1", last.param("point"));
        assertEquals(8.865517415454546, last.score(), 1e-12);
    }

    @Test
    void aFailingParameterSetReportsItsException(@TempDir Path dir) {
        JmhLauncher launcher = new JmhLauncher(
                Path.of(System.getProperty("java.home"), "bin", "java"),
                System.getProperty("java.class.path"),
                List.of("-Xss8m"),
                dir);
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("backend", List.of("reference"));
        params.put("model", List.of("no-such-net"));
        params.put("video", List.of("3x32"));
        JmhLauncher.Outcome out = launcher.run(new JmhLauncher.Suite(
                "failing",
                VideoInferenceBenchmark.class,
                params,
                new JmhSettings(0, 0, Duration.ofMillis(100), 1, Duration.ofMillis(100)),
                List.of()));
        assertTrue(out.results().isEmpty(), out.results().toString());
        String why = out.failure(Map.of("model", "no-such-net", JmhLauncher.METHOD, "inferVideo"))
                .orElseThrow();
        assertTrue(why.contains("unknown benchmark model 'no-such-net'"), why);
        assertTrue(out.failure(Map.of("model", "rgb-r34")).isEmpty());
    }

    @Test
    void parametersLineParses() {
        assertEquals(
                Map.of("backend", "djl", "point", "it20-c32-s28-n8"),
                JmhLauncher.parameters("# Parameters: (backend = djl, point = it20-c32-s28-n8)"));
    }

    @Test
    void commandLineCarriesSettingsParametersAndJvmArguments() throws IOException {
        JmhLauncher launcher = new JmhLauncher(
                Path.of("/jdk/bin/java"),
                "a.jar:b.jar",
                List.of("-Xss8m", "-Drepflow.bench.threads=2"),
                Path.of("raw"));
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("backend", List.of("djl"));
        params.put("point", List.of("it1-c8-s14-n1", "it5-c8-s14-n1"));
        JmhSettings forked = new JmhSettings(1, 2, Duration.ofSeconds(2), 5, Duration.ofMillis(1500));
        List<String> cmd = launcher.command(
                new JmhLauncher.Suite("layer-djl", FlowLayerBenchmark.class, params, forked, List.of("gc")),
                Path.of("raw/out.json"));
        String line = String.join(" ", cmd);
        assertEquals("/jdk/bin/java", cmd.get(0));
        assertTrue(
                line.startsWith("/jdk/bin/java -Xss8m -Drepflow.bench.threads=2 -cp a.jar:b.jar org.openjdk.jmh.Main "
                        + "^io\\.repflow\\.bench\\.jmh\\.FlowLayerBenchmark\\. "),
                line);
        assertTrue(
                line.contains(
                        "-f 1 -wi 2 -w 2000ms -i 5 -r 1500ms -bm avgt -tu ms -foe false -rf json -rff raw/out.json"),
                line);
        assertTrue(line.contains("-p backend=djl -p point=it1-c8-s14-n1,it5-c8-s14-n1 -prof gc"), line);
        // forks get the same arguments as one space-separated option
        assertEquals("-Xss8m -Drepflow.bench.threads=2", cmd.get(cmd.indexOf("-jvmArgs") + 1));

        JmhSettings inProcess = new JmhSettings(0, 0, Duration.ofMillis(100), 1, Duration.ofMillis(100));
        List<String> quick = launcher.command(
                new JmhLauncher.Suite("q", FlowLayerBenchmark.class, params, inProcess, List.of()), Path.of("q.json"));
        assertFalse(quick.contains("-jvmArgs"), "without forks the child itself carries the arguments");
    }
}
