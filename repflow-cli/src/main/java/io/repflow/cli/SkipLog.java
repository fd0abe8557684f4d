package io.repflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.repflow.data.loader.EpochReport;
import io.repflow.data.loader.SkippedSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@value RunFiles#SKIPPED} in the run directory: one JSON line per bad video a pass left out (phase,
 * 1-based training epoch, sample, file, kind, message), appended when the pass ends. No file when nothing
 * was bad.
 */
final class SkipLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    SkipLog(Path dir) {
        this.file = dir == null ? null : dir.resolve(RunFiles.SKIPPED);
    }

    /** Nowhere: for commands that have no run directory to write to. */
    static SkipLog none() {
        return new SkipLog(null);
    }

    Path file() {
        return file;
    }

    /** The skipped samples of a training epoch. */
    void record(String phase, EpochReport report) {
        record(phase, report.epoch() + 1, report);
    }

    /** @param epoch 1-based, or 0 for a pass that is not an epoch (held-out data), then left out of the line */
    void record(String phase, int epoch, EpochReport report) {
        if (file == null || report.skipped().isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        try {
            for (SkippedSample s : report.skipped()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("phase", phase);
                if (epoch > 0) {
                    o.put("epoch", epoch);
                }
                o.put("sample", s.index());
                o.put("file", s.source());
                o.put("kind", s.kind().name());
                o.put("message", s.message());
                lines.append(JSON.writeValueAsString(o)).append('\n');
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(
                    file,
                    lines.toString(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
