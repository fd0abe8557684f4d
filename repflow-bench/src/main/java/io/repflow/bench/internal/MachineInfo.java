package io.repflow.bench.internal;

import io.repflow.bench.BenchMode;
import io.repflow.bench.Environment;
import io.repflow.spi.BackendProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Describes the machine, the JVM and the libraries of a run, without loading any native library. */
public final class MachineInfo {

    private MachineInfo() {}

    public static Environment describe(
            BenchMode mode, int threads, List<BackendProvider> providers, String note, String command) {
        Map<String, String> backends = new LinkedHashMap<>();
        for (BackendProvider p : providers) {
            backends.put(p.id(), p.description());
        }
        Map<String, String> libraries = new LinkedHashMap<>();
        Properties built = builtVersions();
        for (String name : List.of("repflow", "jmh", "jfreechart", "opencv", "javacpp")) {
            String v = built.getProperty(name);
            if (v != null && !v.startsWith("${")) {
                libraries.put(label(name), v);
            }
        }
        return new Environment(
                Instant.now().truncatedTo(ChronoUnit.SECONDS),
                mode,
                cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                memoryMb(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                        + System.getProperty("os.arch") + ")",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                        + System.getProperty("java.vendor") + ")",
                threads,
                backends,
                libraries,
                note,
                command);
    }

    private static String label(String name) {
        return switch (name) {
            case "jmh" -> "JMH";
            case "jfreechart" -> "JFreeChart";
            case "opencv" -> "OpenCV (org.bytedeco)";
            case "javacpp" -> "JavaCPP";
            default -> name;
        };
    }

    private static Properties builtVersions() {
        Properties p = new Properties();
        try (InputStream in = MachineInfo.class.getResourceAsStream("/io/repflow/bench/versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // versions are informative; the report says "unknown" without them
        }
        return p;
    }

    /** {@code model name} of /proc/cpuinfo, else os.arch. */
    static String cpuModel() {
        for (String line : lines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).strip();
            }
        }
        return System.getProperty("os.arch") + " (model unknown)";
    }

    /** MemTotal of /proc/meminfo in MiB, 0 when unknown. */
    static long memoryMb() {
        for (String line : lines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                try {
                    return Long.parseLong(line.substring("MemTotal:".length())
                                    .replace("kB", "")
                                    .strip())
                            / 1024;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }
}
