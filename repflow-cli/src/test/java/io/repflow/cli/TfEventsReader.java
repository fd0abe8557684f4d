package io.repflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs src/test/python/read_tfevents.py (the independent reader: its own CRC-32C, python3-protobuf) on an
 * event file; {@code -Drepflow.python=} picks the interpreter (default /usr/bin/python3).
 */
final class TfEventsReader {

    private TfEventsReader() {}

    /** {"file_version", "records", "scalars": [[step, tag, value], …]}. */
    static JsonNode read(Path events) throws IOException, InterruptedException {
        return new ObjectMapper().readTree(PythonScripts.run("read_tfevents.py", events.toString()));
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
