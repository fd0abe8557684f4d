package io.repflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.repflow.api.FlowConfig;
import io.repflow.api.FusionMode;
import io.repflow.api.HostTensor;
import io.repflow.api.Shape;
import io.repflow.data.testing.ChildJvm;
import io.repflow.data.testing.VideoCorpus;
import io.repflow.models.arch.MotionNet;
import io.repflow.models.checkpoint.Checkpoint;
import io.repflow.models.checkpoint.CheckpointManifest;
import io.repflow.models.checkpoint.CheckpointStore;
import io.repflow.models.spec.ClipShape;
import io.repflow.models.spec.ModelSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command on fuzz corpora, every invocation in a child JVM ({@link ChildJvm} running {@link CommandCases}):
 * {@code flow --npy} on every kind of malformed {@code .npy} file (made by numpy, src/test/python/make_bad_npy.py)
 * and with flow parameters no float32 engine can compute with,
 * and {@code flow --video} and {@code predict} on the small {@link VideoCorpus} (tiny and odd sizes in several
 * codecs and pixel formats, truncated and bit-flipped files). Each case ends with a result and status 0, or with
 * one line naming the file and status 2; none crashes the JVM or leaves an {@code hs_err} file.
 */
class FuzzCorpusTest {

    @TempDir
    Path dir;

    record Expected(String name, int status, String fragment) {}

    @Test
    void malformedNpyAndParametersUnderFlow() throws Exception {
        Path npy = Files.createDirectories(dir.resolve("npy"));
        List<String> lines =
                PythonScripts.run("make_bad_npy.py", npy.toString()).lines().toList();
        List<List<String>> invocations = new ArrayList<>();
        List<Expected> expected = new ArrayList<>();
        for (String line : lines) {
            String[] c = line.split("\t");
            Path out = dir.resolve("flow-" + c[0]);
            invocations.add(List.of("flow", "--npy", c[1], c[2], "--iterations", "5", "-o", out.toString()));
            expected.add(new Expected(c[0], Integer.parseInt(c[3]), c[4]));
        }
        assertTrue(expected.size() >= 40, expected.size() + " cases");
        // issue 14, item 3: scalars no float32 engine can compute with (they gave an all-NaN flow.npy and status 0)
        String[][] parameters = {
            {"--tau", "1e39", "flow.tau = 1.0E39 is out of range"},
            {"--theta", "1e39", "flow.theta = 1.0E39 is out of range"},
            {"--theta", "1e-50", "flow.theta = 1.0E-50 is out of range"},
            {"--lambda", "1e-45", "flow.lambda = 1.0E-45 is out of range"},
        };
        Path good = npy.resolve("good.npy");
        for (String backend : new String[] {"reference", "djl"}) {
            for (String[] p : parameters) {
                String name = "parameter " + p[0] + " " + p[1] + " on " + backend;
                Path out = dir.resolve("flow-" + name.replace(' ', '_'));
                invocations.add(List.of(
                        "flow",
                        "--npy",
                        good.toString(),
                        good.toString(),
                        p[0],
                        p[1],
                        "--backend",
                        backend,
                        "-o",
                        out.toString()));
                expected.add(new Expected(name, 2, p[2]));
            }
        }
        List<String> problems = run(invocations, expected, (i, out) -> {
            Expected e = expected.get(i);
            if (e.status() == 0) {
                HostTensor u =
                        HostTensor.readNpy(dir.resolve("flow-" + e.name()).resolve("flow.npy"));
                u.requireFinite("flow of " + e.name());
                return out.contains(e.fragment()) ? null : "the output does not say '" + e.fragment() + "': " + out;
            }
            return null;
        });
        try (var written = Files.walk(dir)) {
            List<Path> refusedButWritten = written.filter(f -> f.toString().contains("flow-parameter")
                            && f.getFileName().toString().equals("flow.npy"))
                    .toList();
            assertEquals(List.of(), refusedButWritten, "a refused invocation wrote nothing");
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " of " + expected.size() + " .npy cases failed:\n" + String.join("\n", problems));
        }
    }

    @Test
    void videoCorpusUnderFlowAndPredict() throws Exception {
        List<VideoCorpus.Case> videos = VideoCorpus.small(Files.createDirectories(dir.resolve("videos")));
        Path checkpoint = tinyCheckpoint();
        List<List<String>> invocations = new ArrayList<>();
        List<Expected> expected = new ArrayList<>();
        for (VideoCorpus.Case v : videos) {
            boolean decodes = v.expect() == VideoCorpus.Expect.DECODES;
            boolean flowable = decodes && v.width() >= 2 && v.height() >= 2;
            invocations.add(List.of(
                    "flow",
                    "--video",
                    v.file().toString(),
                    "--iterations",
                    "3",
                    "-o",
                    flowOut(v).toString()));
            expected.add(new Expected(
                    "flow " + v.name(),
                    flowable ? 0 : decodes ? 2 : -1,
                    v.file().toString()));
            invocations.add(
                    List.of("predict", v.file().toString(), "--checkpoint", checkpoint.toString(), "--clips", "2"));
            expected.add(new Expected(
                    "predict " + v.name(), decodes ? 0 : -1, v.file().toString()));
        }
        List<String> problems = run(invocations, expected, (i, out) -> {
            Expected e = expected.get(i);
            VideoCorpus.Case v = videos.get(i / 2);
            if (e.name().startsWith("flow") && out.contains("flow [")) {
                HostTensor u = HostTensor.readNpy(flowOut(v).resolve("flow.npy"));
                Shape s = u.shape();
                if (v.expect() == VideoCorpus.Expect.DECODES
                        && !s.equals(Shape.of(VideoCorpus.FRAMES - 1, 2, v.height(), v.width()))) {
                    return "flow has shape " + s + " for a video of " + v.width() + "x" + v.height();
                }
                u.requireFinite("flow of " + v.name());
            }
            if (e.name().startsWith("predict") && out.contains(" 1. ")) {
                double sum = out.lines()
                        .filter(l -> l.matches(" ?\\d+\\. .*"))
                        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                        .sum();
                if (Math.abs(sum - 1) > 1e-3) {
                    return "the four class probabilities sum to " + sum + ": " + out;
                }
            }
            return null;
        });
        if (!problems.isEmpty()) {
            fail(problems.size() + " of " + expected.size() + " video cases failed:\n" + String.join("\n", problems));
        }
    }

    private Path flowOut(VideoCorpus.Case v) {
        return dir.resolve("flow-" + v.name());
    }

    /** A check of a case's results beyond its status; null when fine. */
    interface Check {
        String problem(int index, String stdout) throws IOException;
    }

    /**
     * Runs the invocations and returns what went wrong: a crash, another status than expected (-1: 0 or 2), an
     * error that is not one line naming the file, a stack trace, a failed {@code check}, a crash log.
     */
    private List<String> run(List<List<String>> invocations, List<Expected> expected, Check check)
            throws IOException, InterruptedException {
        Path cases = Files.write(
                dir.resolve("cases.txt"),
                invocations.stream().map(a -> String.join("\t", a)).toList(),
                StandardCharsets.UTF_8);
        Path out = Files.createDirectories(dir.resolve("out"));
        Map<Integer, String> results = ChildJvm.run(
                CommandCases.class,
                List.of("-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
                List.of(cases.toString(), out.toString()),
                invocations.size(),
                dir);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < invocations.size(); i++) {
            Expected e = expected.get(i);
            String r = results.get(i);
            if (r == null || r.startsWith("CRASH")) {
                problems.add(e.name() + ": " + r);
                continue;
            }
            int status = Integer.parseInt(r.strip());
            String stdout = Files.readString(out.resolve(i + ".out"), StandardCharsets.UTF_8);
            String stderr = Files.readString(out.resolve(i + ".err"), StandardCharsets.UTF_8);
            boolean statusOk = e.status() >= 0 ? status == e.status() : status == 0 || status == 2;
            if (!statusOk) {
                problems.add(e.name() + ": status " + status + " (expected " + (e.status() >= 0 ? e.status() : "0 or 2")
                        + "): " + stderr.strip());
                continue;
            }
            if (status != 0) {
                List<String> errorLines = stderr.strip()
                        .lines()
                        .filter(l -> l.startsWith("repflow"))
                        .toList();
                if (errorLines.size() != 1 || stderr.contains("\tat ")) {
                    problems.add(e.name() + ": not one error line: " + stderr);
                } else if (!errorLines.get(0).contains(e.fragment())) {
                    problems.add(e.name() + ": the error does not say '" + e.fragment() + "': " + errorLines.get(0));
                }
                continue;
            }
            String p = check.problem(i, stdout);
            if (p != null) {
                problems.add(e.name() + ": " + p);
            }
        }
        List<Path> logs = ChildJvm.crashLogs(dir);
        if (!logs.isEmpty()) {
            problems.add("JVM crash logs: " + logs);
        }
        assertEquals(invocations.size(), results.size(), "every case has a result");
        return problems;
    }

    /** An untrained MotionNet checkpoint: 4 classes, clips of 4 frames of 16x16, a flow block. */
    private Path tinyCheckpoint() throws IOException {
        ModelSpec spec = MotionNet.spec(
                ClipShape.rgb(4, 16),
                4,
                8,
                FlowConfig.builder().channels(8).iterations(3).build(),
                FusionMode.ADD);
        Path run = dir.resolve("run");
        new CheckpointStore(run, 1)
                .save(new Checkpoint(
                        new CheckpointManifest(spec, null, null, Map.of(), "test", ""),
                        spec.initialParameters(7),
                        Map.of()));
        return run;
    }
}
