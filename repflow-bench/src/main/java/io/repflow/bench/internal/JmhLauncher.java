package io.repflow.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.repflow.bench.JmhSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a JMH suite in a child JVM ({@code java -cp <class path> org.openjdk.jmh.Main ...}) and reads
 * its JSON results. A child JVM, not JMH's in-process runner, because JMH starts its forks with
 * {@code -cp} set to the host's {@code java.class.path}: a caller on the module path (the
 * {@code repflow} command) has none, so the child gets the full class path explicitly and its forks
 * inherit it. With {@code forks = 0} the child itself is the one JVM that measures (quick mode).
 */
public final class JmhLauncher {

    /** Raw files of a suite are {@code jmh-<tag>.json} and {@code jmh-<tag>.log}. */
    public static final String FILE_PREFIX = "jmh-";

    private static final Logger LOG = LoggerFactory.getLogger(JmhLauncher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What to run: one benchmark class, its parameters, settings and profilers. */
    public record Suite(
            String tag,
            Class<?> benchmark,
            Map<String, List<String>> params,
            JmhSettings settings,
            List<String> profilers) {
        public Suite {
            params = new LinkedHashMap<>(params);
            profilers = List.copyOf(profilers);
        }
    }

    /**
     * A finished child: its exit code, its rows, the first line of each failed parameter set's exception
     * (keyed by its parameters) and its log.
     */
    public record Outcome(int exitCode, List<JmhResult> results, List<Failure> failures, Path log) {
        public Outcome {
            results = List.copyOf(results);
            failures = List.copyOf(failures);
        }

        /** Why the parameter set containing all of {@code params} failed, if it did. */
        public java.util.Optional<String> failure(Map<String, String> params) {
            return failures.stream()
                    .filter(f -> f.params().entrySet().containsAll(params.entrySet()))
                    .map(Failure::message)
                    .findFirst();
        }
    }

    /** The key of a failure's benchmark method among its parameters. */
    public static final String METHOD = "@method";

    /** A parameter set whose benchmark threw: JMH's parameters (and {@value #METHOD}) and the exception's first line. */
    public record Failure(Map<String, String> params, String message) {
        public Failure {
            params = Map.copyOf(params);
        }
    }

    private final Path java;
    private final String classPath;
    private final List<String> jvmArgs;
    private final Path rawDir;

    /**
     * @param java      launcher of the child
     * @param classPath class path of the child and its forks
     * @param jvmArgs   arguments of the child and of every fork (threads, offline natives, heap ...)
     * @param rawDir    where result files and logs go
     */
    public JmhLauncher(Path java, String classPath, List<String> jvmArgs, Path rawDir) {
        this.java = java;
        this.classPath = classPath;
        this.jvmArgs = List.copyOf(jvmArgs);
        this.rawDir = rawDir;
    }

    /** A benchmark JVM's command line up to and including its main class: java, the run's JVM arguments, the class path. */
    public List<String> childJvm(String mainClass) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        return cmd;
    }

    /** The directory of raw results and logs. */
    public Path rawDir() {
        return rawDir;
    }

    /** The child's command line for {@code suite} writing to {@code resultFile}. */
    public List<String> command(Suite suite, Path resultFile) {
        List<String> cmd = childJvm("org.openjdk.jmh.Main");
        cmd.add("^" + suite.benchmark().getName().replace(".", "\\.") + "\\.");
        JmhSettings s = suite.settings();
        cmd.addAll(List.of(
                "-f",
                String.valueOf(s.forks()),
                "-wi",
                String.valueOf(s.warmupIterations()),
                "-w",
                s.warmupTime().toMillis() + "ms",
                "-i",
                String.valueOf(s.iterations()),
                "-r",
                s.iterationTime().toMillis() + "ms",
                "-bm",
                "avgt",
                "-tu",
                "ms",
                "-foe",
                "false",
                "-rf",
                "json",
                "-rff",
                resultFile.toString()));
        suite.params().forEach((name, values) -> {
            cmd.add("-p");
            cmd.add(name + "=" + String.join(",", values));
        });
        for (String p : suite.profilers()) {
            cmd.add("-prof");
            cmd.add(p);
        }
        if (s.forks() > 0 && !jvmArgs.isEmpty()) {
            cmd.add("-jvmArgs");
            cmd.add(String.join(" ", jvmArgs));
        }
        return cmd;
    }

    /** Runs the suite; a failed child or a failed parameter set shows up as missing rows, with the log to read. */
    public Outcome run(Suite suite) {
        try {
            Files.createDirectories(rawDir);
            Path result = rawDir.resolve(FILE_PREFIX + suite.tag() + ".json");
            Path log = rawDir.resolve(FILE_PREFIX + suite.tag() + ".log");
            Files.deleteIfExists(result);
            List<String> cmd = command(suite, result);
            List<Failure> failures = new ArrayList<>();
            LOG.info("JMH {}: {} ({} log: {})", suite.tag(), suite.benchmark().getSimpleName(), suite.params(), log);
            Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                    Writer logFile = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                logFile.write(String.join(" ", cmd) + System.lineSeparator());
                String line;
                Map<String, String> current = Map.of();
                String method = "";
                boolean failing = false;
                while ((line = out.readLine()) != null) {
                    logFile.write(line + System.lineSeparator());
                    if (line.startsWith("# Benchmark:")) {
                        method = line.substring(line.lastIndexOf('.') + 1).strip();
                    } else if (line.startsWith("# Parameters:")) {
                        current = parameters(line);
                        current.put(METHOD, method);
                        LOG.info("JMH {}: {}", suite.tag(), line);
                    } else if (line.contains("<failure>")) {
                        failing = true;
                    } else if (failing && !line.isBlank()) {
                        failures.add(new Failure(current, line.strip()));
                        LOG.warn("JMH {}: {} failed: {}", suite.tag(), current, line.strip());
                        failing = false;
                    }
                }
            }
            int exit = process.waitFor();
            List<JmhResult> rows = Files.exists(result) ? parse(result) : List.of();
            if (exit != 0) {
                LOG.warn("JMH {} exited with {}; see {}", suite.tag(), exit, log);
            }
            return new Outcome(exit, rows, failures, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run JMH suite " + suite.tag() + " with " + java, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while JMH suite " + suite.tag() + " ran", e);
        }
    }

    /** {@code # Parameters: (backend = djl, point = it20-c32-s28-n8)} as a map. */
    static Map<String, String> parameters(String line) {
        Map<String, String> params = new LinkedHashMap<>();
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            return params;
        }
        for (String pair : line.substring(open + 1, close).split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
        }
        return params;
    }

    /** Reads a JMH JSON result file. */
    public static List<JmhResult> parse(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        if (root == null || !root.isArray()) {
            throw new IOException("JMH result file " + file + " is not a JSON array");
        }
        List<JmhResult> rows = new ArrayList<>();
        for (JsonNode row : root) {
            String benchmark = row.path("benchmark").asText();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            Map<String, String> params = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = row.path("params").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                params.put(e.getKey(), e.getValue().asText());
            }
            JsonNode primary = row.path("primaryMetric");
            Map<String, Double> secondary = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it =
                            row.path("secondaryMetrics").fields();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                secondary.put(e.getKey(), number(e.getValue().path("score")));
            }
            rows.add(new JmhResult(
                    method, params, number(primary.path("score")), number(primary.path("scoreError")), secondary));
        }
        return rows;
    }

    /** JMH writes NaN as the string "NaN". */
    private static double number(JsonNode node) {
        if (node.isNumber()) {
            return node.asDouble();
        }
        try {
            return Double.parseDouble(node.asText());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
