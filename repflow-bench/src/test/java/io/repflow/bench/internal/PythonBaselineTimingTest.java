package io.repflow.bench.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.bench.LayerOperation;
import io.repflow.bench.LayerPoint;
import io.repflow.bench.LayerTiming;
import io.repflow.reference.PythonOracle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timing command of the baseline: every point and operation comes back, parsed; a missing interpreter is a clear error. */
class PythonBaselineTimingTest {

    /** The interpreter the tests use: {@code -Drepflow.python}, else Debian's python3 (with python3-torch). */
    static String python() {
        String configured = System.getProperty("repflow.python");
        return configured != null && !configured.isBlank() ? configured : "/usr/bin/python3";
    }

    @Test
    void timesEveryPointAndOperation(@TempDir Path dir) throws IOException {
        List<LayerPoint> points = List.of(new LayerPoint(1, 2, 8, 1), new LayerPoint(3, 2, 12, 2));
        PythonBaseline.Result r = new PythonBaseline(python(), dir).time(points, 1, 0, 2);
        assertEquals(4, r.timings().size(), r.timings().toString());
        for (LayerPoint p : points) {
            for (LayerOperation op : LayerOperation.values()) {
                LayerTiming t = r.timings().stream()
                        .filter(x -> x.point().equals(p) && x.operation() == op)
                        .findFirst()
                        .orElseThrow();
                assertTrue(t.isBaseline());
                assertTrue(t.ms() > 0 && Double.isFinite(t.errorMs()), t.toString());
            }
        }
        assertEquals(1, r.threads());
        assertFalse(r.torchVersion().isBlank());
        assertTrue(Files.exists(dir.resolve("flow_baseline.py")), "the script that ran is kept beside its results");
        assertTrue(Files.exists(dir.resolve(PythonOracle.FILE)), "the oracle the script imports is kept beside it too");
    }

    @Test
    void missingInterpreterIsAClearError(@TempDir Path dir) {
        IOException e = assertThrows(
                IOException.class,
                () -> new PythonBaseline("/nonexistent/python3", dir)
                        .time(List.of(new LayerPoint(1, 1, 4, 1)), 1, 0, 1));
        assertTrue(
                e.getMessage().contains("/nonexistent/python3")
                        && e.getMessage().contains("Python"),
                e.getMessage());
    }
}
