package io.repflow.bench.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.bench.LayerTiming;
import io.repflow.bench.PaperModel;
import io.repflow.bench.VideoShape;
import io.repflow.bench.VideoTiming;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The eager networks of {@code flow_baseline.py video} are the benchmark's: same learnable values, every one timed. */
class PythonVideoBaselineTest {

    @Test
    void everyNetworkIsTimedAndHoldsTheBenchmarksParameters(@TempDir Path dir) throws IOException {
        VideoShape tiny = new VideoShape(3, 32);
        List<PaperModel> models = List.of(PaperModel.values());
        PythonBaseline.VideoResult r =
                new PythonBaseline(PythonBaselineTimingTest.python(), dir).timeVideo(models, List.of(tiny), 1, 0, 1);
        assertEquals(models.size(), r.timings().size(), r.timings().toString());
        for (PaperModel m : models) {
            VideoTiming t = r.timings().stream()
                    .filter(x -> x.component().equals(m.id()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(m.id() + " missing"));
            assertEquals(LayerTiming.PYTORCH, t.backend());
            assertEquals(tiny, t.video());
            assertTrue(t.ms() > 0, t.toString());
            // torchvision's layers, the block's convolutions and batch norm, nine values per flow layer
            assertEquals(m.spec(tiny).parameterCount(), r.parameters().get(m.id()), m.id());
        }
        assertEquals(1, r.threads());
    }
}
