package io.repflow.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.repflow.bench.LayerMemory;
import io.repflow.bench.LayerOperation;
import io.repflow.bench.LayerPoint;
import io.repflow.bench.LayerTiming;
import io.repflow.bench.PaperModel;
import io.repflow.bench.VideoShape;
import io.repflow.bench.VideoTiming;
import io.repflow.reference.PythonOracle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PyTorch eager baseline: {@code flow_baseline.py} (this module's resource, a timing harness around
 * the float32 form of {@link PythonOracle}, the layer of design rules 2.1–2.10 in plain torch ops) run by a
 * Python interpreter as a subprocess at the same points as the JMH layer suite; and the same script's per-video
 * networks in torch eager, beside the engines' per-video suite.
 */
public final class PythonBaseline {

    private static final Logger LOG = LoggerFactory.getLogger(PythonBaseline.class);
    private static final String SCRIPT = "/io/repflow/bench/flow_baseline.py";
    /** The file the timings are written to, in the work directory. */
    public static final String RESULT_FILE = "python-baseline.json";
    /** The file the layer's memory figures are written to, in the work directory ({@link LayerMemorySuite}'s format). */
    public static final String MEMORY_RESULT_FILE = "python-layer-memory.json";
    /** The file the per-video network timings are written to, in the work directory. */
    public static final String VIDEO_RESULT_FILE = "python-video.json";

    /**
     * What the per-video run measured: each network's time per video, and its learnable values as the script built it
     * (by {@code model} id, for holding its networks to the benchmark's).
     */
    public record VideoResult(List<VideoTiming> timings, java.util.Map<String, Long> parameters, int threads) {
        public VideoResult {
            timings = List.copyOf(timings);
            parameters = java.util.Map.copyOf(parameters);
        }
    }

    /** What the baseline measured, and with which torch. */
    public record Result(List<LayerTiming> timings, String torchVersion, String pythonVersion, int threads) {
        public Result {
            timings = List.copyOf(timings);
        }
    }

    private final String python;
    private final Path workDir;

    /**
     * @param python  interpreter with torch and numpy
     * @param workDir where the script is copied and its output and log written
     */
    public PythonBaseline(String python, Path workDir) {
        this.python = python;
        this.workDir = workDir;
    }

    /**
     * Copies the script and the oracle it imports ({@link PythonOracle}) into the work directory (so a report
     * keeps exactly what ran) and returns the script's path.
     */
    public Path script() throws IOException {
        PythonOracle.copyTo(workDir);
        Path target = workDir.resolve("flow_baseline.py");
        try (InputStream in = PythonBaseline.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IOException("resource " + SCRIPT + " is missing from the repflow-bench jar");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /** Times forward and forward+backward at every point. */
    public Result time(List<LayerPoint> points, int threads, int warmup, int repeat) throws IOException {
        Path out = workDir.resolve(RESULT_FILE);
        Files.deleteIfExists(out);
        timed(
                List.of("time", "--points", points.stream().map(LayerPoint::key).collect(Collectors.joining(","))),
                threads,
                warmup,
                repeat,
                out,
                "python-baseline.log");
        return read(out);
    }

    /**
     * The layer's memory at every point and operation, each in a Python process of its own (a high-water mark only
     * rises): {@code flow_baseline.py memory}, as {@link LayerMemoryProbe} does for the engines. Written to
     * {@value #MEMORY_RESULT_FILE}; a failed point ends the measurement with its log.
     */
    public List<LayerMemory> memory(List<LayerPoint> points, List<LayerOperation> operations, int threads)
            throws IOException {
        Path out = workDir.resolve(MEMORY_RESULT_FILE);
        Files.deleteIfExists(out);
        Path script = script();
        Path log = workDir.resolve("python-layer-memory.log");
        Files.writeString(log, "");
        List<LayerMemory> figures = new ArrayList<>();
        for (LayerPoint p : points) {
            for (LayerOperation op : operations) {
                Path row = workDir.resolve("python-layer-memory.row");
                Files.deleteIfExists(row);
                run(
                        List.of(
                                python,
                                script.toString(),
                                "memory",
                                "--point",
                                p.key(),
                                "--operation",
                                op.method(),
                                "--threads",
                                String.valueOf(threads),
                                "--calls",
                                String.valueOf(LayerMemory.CALLS),
                                "--warmup-point",
                                LayerMemory.WARM_UP.key(),
                                "--out",
                                row.toString()),
                        log,
                        true);
                figures.add(LayerMemorySuite.figure(new ObjectMapper().readTree(row.toFile())));
                Files.delete(row);
            }
        }
        LayerMemorySuite.write(out, figures);
        return figures;
    }

    /** Times one clip through each network in eval mode per video, in torch eager. */
    public VideoResult timeVideo(List<PaperModel> models, List<VideoShape> videos, int threads, int warmup, int repeat)
            throws IOException {
        Path out = workDir.resolve(VIDEO_RESULT_FILE);
        Files.deleteIfExists(out);
        timed(
                List.of(
                        "video",
                        "--models",
                        models.stream().map(PaperModel::id).collect(Collectors.joining(",")),
                        "--videos",
                        videos.stream().map(VideoShape::key).collect(Collectors.joining(","))),
                threads,
                warmup,
                repeat,
                out,
                "python-video.log");
        return readVideo(out);
    }

    /** Runs a timing command of the script ({@code what}: its name and arguments) with the shared options. */
    private void timed(List<String> what, int threads, int warmup, int repeat, Path out, String log)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(python, script().toString()));
        cmd.addAll(what);
        cmd.addAll(List.of(
                "--threads",
                String.valueOf(threads),
                "--warmup",
                String.valueOf(warmup),
                "--repeat",
                String.valueOf(repeat),
                "--out",
                out.toString()));
        run(cmd, workDir.resolve(log));
    }

    /** Reads what the script's {@code video} command wrote ({@value #VIDEO_RESULT_FILE}). */
    public static VideoResult readVideo(Path json) throws IOException {
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        if (doc == null || !doc.path("results").isArray()) {
            throw new IOException("PyTorch per-video result " + json + " has no 'results' array");
        }
        List<VideoTiming> timings = new ArrayList<>();
        java.util.Map<String, Long> parameters = new java.util.LinkedHashMap<>();
        for (JsonNode row : doc.path("results")) {
            String model = PaperModel.of(row.path("model").asText()).id();
            timings.add(new VideoTiming(
                    LayerTiming.PYTORCH,
                    model,
                    VideoShape.parse(row.path("video").asText()),
                    row.path("meanMs").asDouble(),
                    row.path("stdevMs").asDouble()));
            parameters.put(model, row.path("parameters").asLong());
        }
        return new VideoResult(timings, parameters, doc.path("threads").asInt());
    }

    /** Reads what the script wrote ({@value #RESULT_FILE}). */
    public static Result read(Path json) throws IOException {
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        if (doc == null || !doc.path("results").isArray()) {
            throw new IOException("PyTorch baseline result " + json + " has no 'results' array");
        }
        List<LayerTiming> timings = new ArrayList<>();
        for (JsonNode row : doc.path("results")) {
            timings.add(new LayerTiming(
                    LayerTiming.PYTORCH,
                    LayerOperation.ofMethod(row.path("operation").asText()),
                    LayerPoint.parse(row.path("point").asText()),
                    row.path("meanMs").asDouble(),
                    row.path("stdevMs").asDouble()));
        }
        return new Result(
                timings,
                doc.path("torch").asText(),
                doc.path("python").asText(),
                doc.path("threads").asInt());
    }

    /** The library line of the report for this baseline. */
    public static String describe(Result r) {
        return r.torchVersion() + " on Python " + r.pythonVersion() + ", " + r.threads() + " threads";
    }

    /**
     * The baseline's layer on given inputs: reads {@code f1.npy, f2.npy, grad.npy} in {@code dir} and
     * writes {@code u.npy} and {@code grad_<name>.npy} there (for checking it against the reference).
     */
    public void check(Path dir, int iterations) throws IOException {
        run(
                List.of(
                        python,
                        script().toString(),
                        "check",
                        "--dir",
                        dir.toString(),
                        "--iterations",
                        String.valueOf(iterations)),
                dir.resolve("python-check.log"));
    }

    private void run(List<String> cmd, Path log) throws IOException {
        run(cmd, log, false);
    }

    /** Runs the script with its output written to {@code log}, after what is there when {@code append}. */
    private void run(List<String> cmd, Path log, boolean append) throws IOException {
        LOG.info("PyTorch baseline: {}", String.join(" ", cmd));
        Process process;
        try {
            process = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(
                            append
                                    ? ProcessBuilder.Redirect.appendTo(log.toFile())
                                    : ProcessBuilder.Redirect.to(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IOException(
                    "could not start the Python interpreter '" + python + "' for the PyTorch baseline (set it with "
                            + "BenchOptions.python or -Drepflow.python): " + e.getMessage(),
                    e);
        }
        try {
            if (!process.waitFor(6, TimeUnit.HOURS)) {
                process.destroyForcibly();
                throw new IOException("the PyTorch baseline did not finish in 6 hours; log: " + log);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the PyTorch baseline ran", e);
        }
        if (process.exitValue() != 0) {
            String tail = tail(log);
            throw new IOException("the PyTorch baseline failed with exit code " + process.exitValue() + " (" + python
                    + " needs torch and numpy, e.g. Debian's python3-torch); log " + log + ":\n" + tail);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
