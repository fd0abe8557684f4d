package io.repflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs src/test/python/read_tfevents.py (the independent reader: its own CRC-32C, python3-protobuf) on an
 * event file; {@code -Drepflow.python=} picks the interpreter (default /usr/bin/python3).
 */
final class TfEventsReader {

    private static final Path SCRIPT = Path.of("src/test/python/read_tfevents.py");

    private TfEventsReader() {}

    /** {"file_version", "records", "scalars": [[step, tag, value], …]}. */
    static JsonNode read(Path events) throws IOException, InterruptedException {
        String python = System.getProperty("repflow.python", "");
        if (python.isBlank()) {
            python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        }
        Process p = new ProcessBuilder(List.of(python, SCRIPT.toString(), events.toString()))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the reader timed out");
        assertEquals(0, p.exitValue(), "read_tfevents.py " + events + " failed: " + out);
        return new ObjectMapper().readTree(out);
    }

    /** The single event file of a run directory. */
    static Path in(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            List<Path> files = s.filter(f -> f.getFileName().toString().startsWith("events.out.tfevents."))
                    .toList();
            assertEquals(1, files.size(), "one event file in " + dir + ": " + files);
            return files.get(0);
        }
    }
}
