package io.repflow.data.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decoder on the {@link VideoCorpus} (tiny and odd sizes in many codecs and pixel formats, truncated and
 * bit-flipped files), in a child JVM: every well-formed file decodes at its size to the frames that were encoded
 * (lossless RGB encodings) or to what the {@code ffmpeg} program decodes (lossy ones), every damaged one gives
 * frames or a one-line {@link VideoException}; no case crashes the JVM. A crash (before the swscale fix, 83 of
 * the 289 mpeg4 sizes aborted with heap corruption) is reported with its case and the {@code hs_err} file's
 * head, and the remaining cases still run in a new JVM.
 */
class VideoCorpusTest {

    /**
     * Largest difference, in 8-bit levels, allowed from the {@code ffmpeg} program's decode of a lossy case: both
     * use FFmpeg's decoders and bilinear swscale, and were equal to the bit here; one level leaves room for the
     * program's filter graph rounding differently on another CPU. A scrambled row layout, swapped channels or a
     * wrong frame differ by tens of levels. Lossless RGB cases must equal the encoded frames exactly.
     */
    static final int LOSSY_LEVELS = 1;

    @TempDir
    Path dir;

    @Test
    void everyCaseGivesFramesOrOneLineErrorAndNoCaseCrashes() throws Exception {
        List<VideoCorpus.Case> cases = VideoCorpus.build(Files.createDirectories(dir.resolve("corpus")));
        assertTrue(cases.size() > 600, "the corpus has " + cases.size() + " cases");
        Map<Integer, String> results =
                ChildJvm.decodeAll(cases.stream().map(VideoCorpus.Case::file).toList(), dir);
        List<String> problems = new ArrayList<>();
        int decoded = 0;
        int refused = 0;
        for (int i = 0; i < cases.size(); i++) {
            VideoCorpus.Case c = cases.get(i);
            String r = results.get(i);
            String problem = check(c, r, dir.resolve("out").resolve(i + ".rgb"));
            if (problem != null) {
                problems.add(c.name() + ": " + problem);
            } else if (r.startsWith("ok")) {
                decoded++;
            } else {
                refused++;
            }
        }
        assertNoHsErr(dir);
        if (!problems.isEmpty()) {
            fail(problems.size() + " of " + cases.size() + " corpus cases failed:\n" + String.join("\n", problems));
        }
        assertTrue(decoded > 500 && refused > 10, decoded + " decoded, " + refused + " refused with a VideoException");
    }

    private static String check(VideoCorpus.Case c, String result, Path dump) throws IOException {
        if (result == null) {
            return "no result";
        }
        if (result.startsWith("CRASH")) {
            return result;
        }
        if (result.startsWith("other") || result.startsWith("wrong") || result.contains("MULTILINE")) {
            return result;
        }
        if (result.startsWith("error")) {
            if (c.expect() == VideoCorpus.Expect.DECODES) {
                return "a well-formed file was refused: " + result;
            }
            String message = result.split(" ", 3)[2];
            return message.startsWith(c.file().toString() + ": ")
                    ? null
                    : "the error does not name the file: " + result;
        }
        String[] p = result.split(" ");
        int frames = Integer.parseInt(p[1]);
        int w = Integer.parseInt(p[2]);
        int h = Integer.parseInt(p[3]);
        if (c.expect() == VideoCorpus.Expect.RESULT_OR_ERROR) {
            return null; // damaged, but decodable at some size: fine as long as nothing crashed
        }
        if (w != c.width() || h != c.height() || frames != VideoCorpus.FRAMES) {
            return "decoded " + frames + " frames of " + w + "x" + h + ", expected " + VideoCorpus.FRAMES + " of "
                    + c.width() + "x" + c.height() + " (" + result + ")";
        }
        byte[] expected = Files.readAllBytes(c.reference());
        byte[] actual = Files.readAllBytes(dump);
        if (actual.length != expected.length) {
            return "decoded " + actual.length + " bytes, expected " + expected.length;
        }
        int allowed = c.encoding().lossless() ? 0 : LOSSY_LEVELS;
        for (int k = 0; k < expected.length; k++) {
            int d = Math.abs((expected[k] & 0xff) - (actual[k] & 0xff));
            if (d > allowed) {
                int px = k / 3;
                return "byte " + k + " (frame " + px / (c.width() * c.height()) + ", pixel "
                        + px % (c.width() * c.height())
                        + ", channel " + k % 3 + ") is " + (actual[k] & 0xff) + " but "
                        + (c.encoding().lossless() ? "the encoded frame has " : "ffmpeg decoded ")
                        + (expected[k] & 0xff);
            }
        }
        return null;
    }

    static void assertNoHsErr(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> logs = walk.filter(p -> p.getFileName().toString().startsWith("hs_err"))
                    .toList();
            assertEquals(List.of(), logs, "JVM crash logs");
        }
    }

    /** Runs {@link CorpusDecoder} in child JVMs until every file has a result; a crash costs the case, not the run. */
    static final class ChildJvm {
        private ChildJvm() {}

        static Map<Integer, String> decodeAll(List<Path> files, Path work) throws IOException, InterruptedException {
            Path list = Files.write(
                    work.resolve("files.txt"),
                    files.stream().map(Path::toString).toList(),
                    StandardCharsets.UTF_8);
            Path out = Files.createDirectories(work.resolve("out"));
            Path crashes = Files.createDirectories(work.resolve("crashes"));
            Map<Integer, String> results = new LinkedHashMap<>();
            int from = 0;
            while (from < files.size()) {
                Path log = work.resolve("child-" + from + ".log");
                Process p = new ProcessBuilder(command(list, from, out, crashes))
                        .directory(crashes.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                if (!p.waitFor(10, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new AssertionError("the corpus decoder did not finish in 10 minutes; see " + log);
                }
                int started = -1;
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    if (line.startsWith("start ")) {
                        started = Integer.parseInt(line.substring(6));
                    } else if (line.startsWith("result ")) {
                        String[] r = line.split(" ", 3);
                        results.put(Integer.parseInt(r[1]), r[2]);
                    }
                }
                if (p.exitValue() == 0 && results.size() == files.size()) {
                    break;
                }
                int crashed = started >= 0 && !results.containsKey(started) ? started : from;
                results.put(
                        crashed,
                        "CRASH: the JVM died (exit " + p.exitValue() + ") decoding " + files.get(crashed) + "; "
                                + hsErrHead(crashes) + "; last output: " + tail(log));
                moveCrashLogs(crashes, work.resolve("crash-logs"));
                from = crashed + 1;
            }
            moveCrashLogs(crashes, work.resolve("crash-logs"));
            return results;
        }

        private static List<String> command(Path list, int from, Path out, Path crashes) {
            String self = location(CorpusDecoder.class);
            String classPath = Stream.of(
                            self, System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", ""))
                    .filter(s -> !s.isEmpty())
                    .collect(Collectors.joining(java.io.File.pathSeparator));
            return List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:ErrorFile=" + crashes.resolve("hs_err_pid%p.log"),
                    "-XX:-CreateCoredumpOnCrash",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-cp",
                    classPath,
                    CorpusDecoder.class.getName(),
                    list.toString(),
                    Integer.toString(from),
                    out.toString());
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

        private static String hsErrHead(Path crashes) throws IOException {
            try (Stream<Path> s = Files.list(crashes)) {
                for (Path f : s.filter(p -> p.getFileName().toString().startsWith("hs_err"))
                        .toList()) {
                    return f.getFileName() + ": "
                            + Files.readAllLines(f, StandardCharsets.ISO_8859_1).stream()
                                    .filter(l -> l.startsWith("#") && l.length() > 2)
                                    .limit(8)
                                    .collect(Collectors.joining(" | "));
                }
            }
            return "no hs_err file (aborted by the C library)";
        }

        /** Crash logs leave the directory that is checked for them: they are evidence in the failure message. */
        private static void moveCrashLogs(Path crashes, Path to) throws IOException {
            try (Stream<Path> s = Files.list(crashes)) {
                for (Path f : s.toList()) {
                    Files.createDirectories(to);
                    Files.move(f, to.resolve("moved-" + f.getFileName()));
                }
            }
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
}
