package io.repflow.data.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs numbered cases in child JVMs so that a crash (native heap corruption, SIGSEGV) ends a child, not the
 * test run: the child's main class gets the given arguments plus the first case to run, prints {@code start I}
 * before case I and {@code result I TEXT} after it. When a child dies, its current case becomes a {@code CRASH}
 * result with the head of its {@code hs_err} file and the rest run in a new child. Crash logs go to a directory
 * of {@code work} ({@code -XX:ErrorFile}), never to the working tree; {@link #crashLogs} lists them.
 *
 * <p>Public for the command's tests (test jar).
 */
public final class ChildJvm {

    private static final String CRASHES = "crash-logs";

    private ChildJvm() {}

    /** Results of cases {@code 0..cases-1} by number. */
    public static Map<Integer, String> run(
            Class<?> main, List<String> jvmOptions, List<String> args, int cases, Path work)
            throws IOException, InterruptedException {
        Path crashes = Files.createDirectories(work.resolve(CRASHES));
        Map<Integer, String> results = new LinkedHashMap<>();
        int from = 0;
        while (from < cases) {
            Path log = work.resolve("child-" + from + ".log");
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:ErrorFile=" + crashes.resolve("hs_err_pid%p.log"),
                    "-XX:-CreateCoredumpOnCrash"));
            cmd.addAll(jvmOptions);
            cmd.addAll(List.of("-cp", classPath(main), main.getName()));
            cmd.addAll(args);
            cmd.add(Integer.toString(from));
            Process p = new ProcessBuilder(cmd)
                    .directory(crashes.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(20, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(main.getSimpleName() + " did not finish in 20 minutes; see " + log);
            }
            int started = -1;
            for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("start ")) {
                    started = Integer.parseInt(line.substring(6).strip());
                } else if (line.startsWith("result ")) {
                    String[] r = line.split(" ", 3);
                    results.put(Integer.parseInt(r[1]), r.length > 2 ? r[2] : "");
                }
            }
            if (p.exitValue() == 0 && results.size() >= cases) {
                break;
            }
            int crashed = started >= 0 && !results.containsKey(started) ? started : from;
            results.put(
                    crashed,
                    "CRASH: the JVM died (exit " + p.exitValue() + ") in case " + crashed + "; " + hsErrHead(crashes)
                            + "; last output: " + tail(log));
            from = crashed + 1;
        }
        return results;
    }

    /** Crash logs the children of {@code work} left (empty when none crashed). */
    public static List<Path> crashLogs(Path work) throws IOException {
        try (Stream<Path> walk = Files.walk(work)) {
            return walk.filter(p -> p.getFileName().toString().contains("hs_err"))
                    .toList();
        }
    }

    private static String classPath(Class<?> main) {
        return Stream.of(
                        location(main),
                        location(ChildJvm.class),
                        System.getProperty("jdk.module.path", ""),
                        System.getProperty("java.class.path", ""))
                .filter(s -> !s.isEmpty())
                .distinct()
                .collect(Collectors.joining(java.io.File.pathSeparator));
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The newest crash log's summary lines; the log is renamed so the next crash's is told apart. */
    private static String hsErrHead(Path crashes) throws IOException {
        try (Stream<Path> s = Files.list(crashes)) {
            for (Path f : s.filter(p -> p.getFileName().toString().startsWith("hs_err"))
                    .toList()) {
                String head = f.getFileName() + ": "
                        + Files.readAllLines(f, StandardCharsets.ISO_8859_1).stream()
                                .filter(l -> l.startsWith("#") && l.length() > 2)
                                .limit(8)
                                .collect(Collectors.joining(" | "));
                Files.move(f, f.resolveSibling("seen-" + f.getFileName()));
                return head;
            }
        }
        return "no hs_err file (aborted by the C library)";
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 2), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
