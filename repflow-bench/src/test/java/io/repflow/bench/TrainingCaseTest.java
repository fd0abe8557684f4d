package io.repflow.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.Shape;
import io.repflow.models.spec.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The training rows' network is {@code repflow train}'s, as its config file writes the defaults out. */
class TrainingCaseTest {

    /** {@code key: value} lines of the repository's {@code configs/synthetic-default.yaml}. */
    private static Map<String, String> trainDefaults() throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("..", "configs", "synthetic-default.yaml"))) {
            int colon = line.indexOf(':');
            if (!line.startsWith("#") && colon > 0) {
                values.put(
                        line.substring(0, colon).strip(),
                        line.substring(colon + 1).strip());
            }
        }
        return values;
    }

    @Test
    void mainJobIsTrainsDefaults() throws IOException {
        Map<String, String> d = trainDefaults();
        assertEquals("motionnet", d.get("model"));
        assertEquals("auto", d.get("flow"));
        assertEquals(TrainingCase.MAIN_JOB.frames(), Integer.parseInt(d.get("frames")));
        assertEquals(TrainingCase.MAIN_JOB.size(), Integer.parseInt(d.get("size")));
        assertEquals(TrainingCase.BATCH, Integer.parseInt(d.get("batch")));
        assertEquals(TrainingCase.ITERATIONS, Integer.parseInt(d.get("iterations")));
        assertEquals(TrainingCase.WIDTH, Integer.parseInt(d.get("width")));
        // translations4: four classes
        assertEquals("translations4", d.get("motions"));
        assertEquals(4, TrainingCase.CLASSES);
    }

    @Test
    void withAndWithoutTheBlockDifferOnlyByIt() {
        TrainingCase with = new TrainingCase(TrainingCase.REAL_56, 16, true);
        ModelSpec a = with.spec();
        ModelSpec b = with.other().spec();
        assertEquals(List.of("rep_flow"), List.copyOf(a.flowBlocks()));
        assertTrue(b.flowBlocks().isEmpty(), b.flowBlocks().toString());
        assertEquals(Shape.of(16, 3, 8, 56, 56), a.inputShape(16));
        assertEquals(Shape.of(16, TrainingCase.CLASSES), b.outputShape(16));
        // the block holds C' = 8 iterations-free flow scalars and its convolutions; everything else is shared
        assertEquals(
                b.parameterShapes(),
                a.parameterShapes().entrySet().stream()
                        .filter(e -> !e.getKey().startsWith("rep_flow."))
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        assertEquals(with, TrainingCase.of("motionnet", TrainingCase.REAL_56, 16));
        assertEquals(with.other(), TrainingCase.of("motionnet-noflow", TrainingCase.REAL_56, 16));
        assertEquals("motionnet 8x56 ×16", with.label());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> TrainingCase.of("resnet9", TrainingCase.REAL_56, 16));
        assertTrue(e.getMessage().contains("'resnet9'") && e.getMessage().contains("motionnet-noflow"), e.getMessage());
    }
}
