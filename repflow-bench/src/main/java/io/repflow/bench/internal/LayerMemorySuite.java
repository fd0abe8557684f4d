package io.repflow.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.repflow.bench.LayerMemory;
import io.repflow.bench.LayerOperation;
import io.repflow.bench.LayerPoint;
import io.repflow.bench.report.AtomicWrite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flow layer's memory per backend: {@link LayerMemoryProbe} in a JVM of its own for every point and operation
 * (a high-water mark only rises, so each measurement needs a fresh process), one after the other. The rows go to
 * {@code layer-memory-<backend>.json} in the raw directory, the probes' output to {@code layer-memory-<backend>.log};
 * the PyTorch baseline writes the same format ({@link PythonBaseline#memory}), read by {@link #read}.
 */
public final class LayerMemorySuite {

    /** The prefix of this suite's raw files. */
    public static final String FILE_PREFIX = "layer-memory-";

    private static final Logger LOG = LoggerFactory.getLogger(LayerMemorySuite.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A probe that has not finished by then is stuck (the slowest call measured, ND4J's 10 s, is far below). */
    private static final long TIMEOUT_MINUTES = 30;

    /** What a backend's probes measured, and for each missing row why. */
    public record Outcome(List<LayerMemory> figures, List<String> failures) {
        public Outcome {
            figures = List.copyOf(figures);
            failures = List.copyOf(failures);
        }
    }

    private final JmhLauncher jvm;

    /** @param jvm the run's benchmark JVM settings (java, JVM arguments, class path) and raw directory */
    public LayerMemorySuite(JmhLauncher jvm) {
        this.jvm = jvm;
    }

    /** The raw result file of a backend's probes. */
    public static String fileName(String backend) {
        return FILE_PREFIX + backend + ".json";
    }

    /** Measures every point and operation on {@code backend}. */
    public Outcome run(String backend, List<LayerPoint> points, List<LayerOperation> operations) {
        Path raw = jvm.rawDir();
        Path result = raw.resolve(fileName(backend));
        Path log = raw.resolve(FILE_PREFIX + backend + ".log");
        List<LayerMemory> figures = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try {
            Files.createDirectories(raw);
            Files.deleteIfExists(result);
            Files.writeString(log, "");
            int done = 0;
            int total = points.size() * operations.size();
            for (LayerPoint p : points) {
                for (LayerOperation op : operations) {
                    done++;
                    Path row = Files.createTempFile(raw, FILE_PREFIX + backend + "-", ".row");
                    try {
                        List<String> cmd = jvm.childJvm(LayerMemoryProbe.class.getName());
                        cmd.addAll(List.of(backend, p.key(), op.method(), row.toString()));
                        Files.writeString(
                                log,
                                String.join(" ", cmd) + System.lineSeparator(),
                                java.nio.file.StandardOpenOption.APPEND);
                        String why = probe(cmd, log);
                        if (why == null && Files.size(row) > 0) {
                            LayerMemory m = figure(JSON.readTree(row.toFile()));
                            figures.add(m);
                            LOG.info(
                                    "layer memory {} ({}/{}): {} {} {} MiB over the resident set before the calls",
                                    backend,
                                    done,
                                    total,
                                    op.label(),
                                    p.key(),
                                    String.format(java.util.Locale.ROOT, "%.0f", m.callMiB()));
                        } else {
                            String reason = op.label() + " " + p.key() + ": "
                                    + (why == null ? "the probe wrote nothing" : why) + " (see raw/" + log.getFileName()
                                    + ")";
                            failures.add(reason);
                            LOG.warn("layer memory {}: {}", backend, reason);
                        }
                    } finally {
                        Files.deleteIfExists(row);
                    }
                }
            }
            write(result, figures);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run the layer memory probes of " + backend + " in " + raw, e);
        }
        return new Outcome(figures, failures);
    }

    /** Runs one probe with its output appended to {@code log}; null when it succeeded, else why not. */
    private static String probe(List<String> cmd, Path log) throws IOException {
        Process process = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return "no result in " + TIMEOUT_MINUTES + " minutes";
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a layer memory probe ran", e);
        }
        return process.exitValue() == 0 ? null : "the probe exited with " + process.exitValue() + lastLine(log);
    }

    private static String lastLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return ": " + lines.get(i).strip();
            }
        }
        return "";
    }

    /** Writes rows in the one format of layer memory results (also the PyTorch baseline's). */
    public static void write(Path file, List<LayerMemory> figures) throws IOException {
        ObjectNode doc = JSON.createObjectNode();
        ArrayNode rows = doc.putArray("results");
        for (LayerMemory m : figures) {
            ObjectNode row = rows.addObject();
            row.put("backend", m.backend());
            row.put("point", m.point().key());
            row.put("operation", m.operation().method());
            row.put("callMiB", m.callMiB());
            row.put("peakRssMiB", m.peakRssMiB());
            row.put("calls", m.calls());
        }
        String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        AtomicWrite.write(file, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    /** Reads a file {@link #write} wrote; a file without a {@code results} array is an error naming it. */
    public static List<LayerMemory> read(Path file) throws IOException {
        JsonNode doc = JSON.readTree(file.toFile());
        if (doc == null || !doc.path("results").isArray()) {
            throw new IOException("layer memory result " + file + " has no 'results' array");
        }
        List<LayerMemory> out = new ArrayList<>();
        for (JsonNode row : doc.path("results")) {
            out.add(new LayerMemory(
                    row.path("backend").asText(),
                    LayerOperation.ofMethod(row.path("operation").asText()),
                    LayerPoint.parse(row.path("point").asText()),
                    row.path("callMiB").asDouble(),
                    row.path("peakRssMiB").asDouble(),
                    row.path("calls").asInt()));
        }
        return out;
    }

    /** A probe's row (KiB before the calls and at the peak) as a figure. */
    public static LayerMemory figure(JsonNode probe) {
        double before = probe.path("beforeKiB").asDouble();
        double peak = probe.path("peakKiB").asDouble();
        return new LayerMemory(
                probe.path("backend").asText(),
                LayerOperation.ofMethod(probe.path("operation").asText()),
                LayerPoint.parse(probe.path("point").asText()),
                (peak - before) / 1024.0,
                peak / 1024.0,
                probe.path("calls").asInt());
    }
}
