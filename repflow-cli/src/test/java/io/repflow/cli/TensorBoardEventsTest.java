package io.repflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event file as an independent reader (Python: own CRC-32C, python3-protobuf) sees it. */
class TensorBoardEventsTest {

    @TempDir
    Path dir;

    @Test
    void scalarsReadBackWithTheirStepsAndValues() throws Exception {
        Path file;
        try (TensorBoardEvents events = TensorBoardEvents.create(dir)) {
            file = events.file();
            for (int step = 1; step <= 3; step++) {
                Map<String, Double> v = new LinkedHashMap<>();
                v.put("train/loss", 1.0 / step);
                v.put("train/lr", 0.05);
                v.put("skipped/NaN", Double.NaN);
                events.scalars(step, v);
            }
            events.scalars(1_000_000_007L, Map.of("epoch/val_top1", 0.875));
        }
        assertTrue(file.getFileName().toString().startsWith("events.out.tfevents."), file.toString());
        JsonNode r = TfEventsReader.read(file);
        assertEquals("brain.Event:2", r.get("file_version").asText());
        assertEquals(5, r.get("records").asInt());
        JsonNode s = r.get("scalars");
        assertEquals(7, s.size(), "NaN values are left out: " + s);
        for (int step = 1; step <= 3; step++) {
            JsonNode loss = s.get(2 * (step - 1));
            assertEquals(step, loss.get(0).asLong());
            assertEquals("train/loss", loss.get(1).asText());
            assertEquals((float) (1.0 / step), (float) loss.get(2).asDouble());
            assertEquals(0.05f, (float) s.get(2 * step - 1).get(2).asDouble());
        }
        assertEquals(1_000_000_007L, s.get(6).get(0).asLong());
        assertEquals(0.875, s.get(6).get(2).asDouble());

        // a flipped byte fails the reader's CRC check (the test can fail)
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 6] ^= 1;
        Path bad = dir.resolve("events.out.tfevents.bad");
        Files.write(bad, bytes);
        AssertionError e =
                org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> TfEventsReader.read(bad));
        assertTrue(e.getMessage().contains("CRC"), e.getMessage());
    }
}
