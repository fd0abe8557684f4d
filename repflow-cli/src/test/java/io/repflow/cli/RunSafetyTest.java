package io.repflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.HostTensor;
import io.repflow.models.checkpoint.Checkpoint;
import io.repflow.models.checkpoint.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run directory through the real command as a hostile user treats it: two {@code train}s into one {@code --out},
 * a signal before the first checkpoint, an error after training started, checkpoints whose weights cannot give a
 * score, a run directory that cannot be written.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunSafetyTest {

    private static final String[] TINY = {
        "--frames",
        "4",
        "--size",
        "16",
        "--val-clips",
        "8",
        "--batch",
        "8",
        "--iterations",
        "5",
        "--lr",
        "0.02",
        "--backend",
        "djl",
        "--seed",
        "7"
    };

    /** One directory for the class: the base run is made once and copied by the checks that change it. */
    @TempDir
    static Path dir;

    private Path base;

    /** A finished tiny run (two epochs, a checkpoint each), made once and shared by the checks that only read it. */
    private synchronized Path baseRun() throws Exception {
        if (base == null) {
            CommandRunner.Result r =
                    CommandRunner.run(dir, args("train", "-o", "base", "--train-clips", "32", "--epochs", "2"));
            assertEquals(0, r.exitCode(), r.all());
            base = dir.resolve("base").toAbsolutePath();
        }
        return base;
    }

    /** A copy of the base run's latest checkpoint as {@code name}/step-…, its weights changed by {@code damage}. */
    private Path damagedCopy(String name, java.util.function.Consumer<Map<String, HostTensor>> damage)
            throws Exception {
        Path latest = new CheckpointStore(baseRun(), 3).latest().orElseThrow();
        Checkpoint c = CheckpointStore.load(latest);
        Map<String, HostTensor> weights = new LinkedHashMap<>(c.weights());
        damage.accept(weights);
        Path copy = dir.resolve(name).resolve(latest.getFileName()).toAbsolutePath();
        CheckpointStore.write(copy, new Checkpoint(c.manifest(), weights, c.optimizer()));
        return copy;
    }

    private static HostTensor filled(HostTensor like, int index, float value) {
        float[] v = like.toArray();
        if (index < 0) {
            java.util.Arrays.fill(v, value);
        } else {
            v[index] = value;
        }
        return HostTensor.wrap(v, like.shape());
    }

    private CommandRunner.Result evalOf(Path checkpoint, String... more) throws Exception {
        List<String> a = new ArrayList<>(List.of("eval", "--checkpoint", checkpoint.toString()));
        a.addAll(List.of(more));
        a.addAll(List.of("--frames", "4", "--size", "16", "--val-clips", "8", "--backend", "djl", "--seed", "7"));
        return CommandRunner.run(dir, a.toArray(String[]::new));
    }

    private static String[] args(String command, String... more) {
        List<String> a = new ArrayList<>(List.of(command));
        a.addAll(List.of(TINY));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** Starts {@code repflow args} and waits until it has locked its run directory and begun training. */
    private Process startTraining(Path log, String... args) throws Exception {
        Process p = CommandRunner.start(dir, log, args);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (p.isAlive()
                && System.nanoTime() < deadline
                && !Files.readString(log).contains("run directory:")) {
            Thread.sleep(100);
        }
        assertTrue(p.isAlive(), "the first train is running: " + Files.readString(log));
        return p;
    }

    @Test
    void aSecondTrainIntoTheSameRunDirectoryIsRefusedNamingTheOwner() throws Exception {
        Path log = dir.resolve("first.log");
        Process first = startTraining(log, args("train", "-o", "shared", "--train-clips", "96", "--epochs", "2"));
        CommandRunner.Result second =
                CommandRunner.run(dir, args("train", "-o", "shared", "--train-clips", "96", "--epochs", "2"));
        CommandRunner.Result resumed = CommandRunner.run(dir, "train", "-o", "shared", "--resume");
        assertTrue(first.waitFor(10, TimeUnit.MINUTES), "the first train finishes");
        assertEquals(0, first.exitValue(), Files.readString(log));

        Path run = dir.resolve("shared").toAbsolutePath();
        for (CommandRunner.Result r : List.of(second, resumed)) {
            assertEquals(2, r.exitCode(), r.all());
            assertTrue(
                    r.err()
                            .contains(run + " is in use by another repflow process (pid " + first.pid()
                                    + ", repflow train"),
                    "one line naming the directory and the owner's pid: " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        assertEquals(
                1 + 2,
                Files.readAllLines(run.resolve("metrics.csv")).size(),
                "metrics.csv holds the first run's two epochs only");
        assertEquals(
                2 * 96 / 8 + 2,
                Files.readAllLines(run.resolve("metrics.jsonl")).size(),
                "metrics.jsonl: the first run's steps and epochs only");
        // the lock dies with its owner: the finished run can be continued
        CommandRunner.Result more = CommandRunner.run(dir, "train", "-o", "shared", "--resume", "--epochs", "3");
        assertEquals(0, more.exitCode(), more.all());
    }

    @Test
    void aSignalBeforeTheFirstCheckpointStopsCleanlyAndOffersNoResume() throws Exception {
        Path log = dir.resolve("signalled.log");
        Process p = startTraining(log, args("train", "-o", "early", "--train-clips", "100000", "--epochs", "1"));
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        String text = Files.readString(log);
        // training stops after its running step: the JVM never exits under a running libtorch call
        assertEquals(143, p.exitValue(), text);
        assertFalse(text.contains("A fatal error") || text.contains("SIGSEGV"), text);
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().startsWith("hs_err")), "no JVM crash log");
        }
        assertTrue(text.contains("interrupted before the first checkpoint was written"), text);
        assertFalse(text.contains("--resume"), "no resume offered without a checkpoint: " + text);
    }

    @Test
    void anErrorAfterTrainingStartedIsNotReportedAsAnInterruption() throws Exception {
        // a video that cannot be decoded, with --on-bad-video fail: training stops at its first batch with status 2
        Files.write(dir.resolve("garbage.avi"), new byte[] {'R', 'I', 'F', 'F', 1, 2, 3, 4, 5, 6, 7, 8});
        Files.writeString(dir.resolve("train.txt"), "garbage.avi 0\ngarbage.avi 1\n");
        CommandRunner.Result r = CommandRunner.run(
                dir,
                "train",
                "--data",
                "list",
                "--list",
                "train.txt",
                "--frames",
                "4",
                "--size",
                "16",
                "--batch",
                "2",
                "--epochs",
                "1",
                "--on-bad-video",
                "fail",
                "--backend",
                "djl",
                "-o",
                "failed");
        assertEquals(2, r.exitCode(), r.all());
        assertTrue(r.err().contains("garbage.avi"), r.err());
        assertFalse(r.all().contains("interrupted"), "an error is no interruption: " + r.all());
    }

    @Test
    void aRunThatDivergesStopsNamingItAndNoCheckpointHoldsTheDivergedWeights() throws Exception {
        // issue 14, item 4, through the command: --lr 1e6 reached loss 4e10 and saved a learned lambda of -3.6e6
        List<String> a =
                new ArrayList<>(List.of(args("train", "-o", "diverged", "--train-clips", "32", "--epochs", "2")));
        a.set(a.indexOf("--lr") + 1, "1e6");
        CommandRunner.Result r = CommandRunner.run(dir, a.toArray(String[]::new));
        assertEquals(1, r.exitCode(), r.all());
        List<String> errors =
                r.err().strip().lines().filter(l -> l.startsWith("repflow")).toList();
        assertEquals(1, errors.size(), r.err());
        assertTrue(errors.get(0).contains("training diverged at step "), errors.get(0));
        assertFalse(r.all().contains("interrupted"), "a divergence is no interruption: " + r.all());
        List<Path> checkpoints;
        try (java.util.stream.Stream<Path> files = Files.list(dir.resolve("diverged"))) {
            checkpoints = files.filter(f -> f.getFileName().toString().startsWith("step-"))
                    .toList();
        }
        for (Path c : checkpoints) {
            for (Map.Entry<String, HostTensor> w :
                    CheckpointStore.load(c).weights().entrySet()) {
                if (w.getKey().matches(".*\\.(theta|lambda|tau)")) {
                    for (float v : w.getValue().toArray()) {
                        assertTrue(Float.isFinite(v) && v > 0, c + ": " + w.getKey() + " = " + v);
                    }
                }
                w.getValue().requireFinite(c + " " + w.getKey());
            }
        }
    }

    @Test
    void evalNeverReportsANonFiniteScore() throws Exception {
        // every weight finite and in its domain, but the classifier's so large that the logits overflow float32
        Path overflowing = damagedCopy("overflowing", w -> {
            String classifier = null;
            for (Map.Entry<String, HostTensor> e : w.entrySet()) {
                if (e.getValue().shape().rank() == 2) {
                    classifier = e.getKey();
                }
            }
            w.put(classifier, filled(w.get(classifier), -1, 3e38f));
        });
        CommandRunner.Result r = evalOf(overflowing);
        assertEquals(2, r.exitCode(), r.all());
        assertTrue(r.err().contains("checkpoint " + overflowing + " gives "), "names the checkpoint: " + r.err());
        assertTrue(r.err().contains("not finite") && r.err().contains("diverged"), r.err());
        assertFalse(r.out().contains("NaN") || r.out().contains("top-1"), "no score is reported: " + r.out());
    }

    @Test
    void weightsOutsideTheirDomainAreAnErrorNamingTheCheckpoint() throws Exception {
        Path withNaN = damagedCopy("nan", w -> {
            String first = w.keySet().iterator().next();
            w.put(first, filled(w.get(first), 0, Float.NaN));
        });
        Path negativeLambda = damagedCopy("lambda", w -> {
            String lambda = w.keySet().stream()
                    .filter(k -> k.endsWith("lambda"))
                    .findFirst()
                    .orElseThrow();
            w.put(lambda, filled(w.get(lambda), -1, -3.6e6f));
        });
        for (Path c : List.of(withNaN, negativeLambda)) {
            CommandRunner.Result r = evalOf(c);
            assertEquals(2, r.exitCode(), r.all());
            assertTrue(r.err().contains("checkpoint " + c + ": "), "names the checkpoint: " + r.err());
            assertTrue(r.err().contains(c == withNaN ? "NaN" : "lambda"), r.err());
            assertFalse(r.out().contains("top-1"), r.out());
        }
    }

    @Test
    void evalThatCannotWriteItsFilesStillPrintsTheMetrics() throws Exception {
        Path run = baseRun();
        Path blocked = dir.resolve("a-file");
        Files.writeString(blocked, "not a directory\n");
        CommandRunner.Result r = evalOf(run, "--out", blocked.resolve("eval").toString());
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.err().contains("cannot write into " + blocked.resolve("eval")), r.err());
        assertTrue(r.out().matches("(?s).*top-1 [0-9.]+ .*"), "the metrics are printed: " + r.out());
        assertTrue(Files.isRegularFile(blocked), "nothing replaced the file");
    }

    @Test
    void predictTopZeroIsRefused() throws Exception {
        CommandRunner.Result r =
                CommandRunner.run(dir, "predict", "no-such.avi", "--checkpoint", "nowhere", "--top", "0");
        assertEquals(2, r.exitCode(), r.all());
        assertTrue(r.err().contains("--top 0 is out of range"), r.err());
    }

    private Path copyOfBaseRun(String name) throws Exception {
        Path from = baseRun();
        Path to = dir.resolve(name).toAbsolutePath();
        try (java.util.stream.Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
        return to;
    }

    @Test
    void resumeFallsBackToTheNewestCheckpointThatLoads() throws Exception {
        Path run = copyOfBaseRun("fallback");
        assertEquals("step-0000000008", Files.readString(run.resolve("latest")).strip());
        Path weights = run.resolve("step-0000000008").resolve(CheckpointStore.WEIGHTS);
        byte[] b = Files.readAllBytes(weights);
        b[b.length - 3] ^= 0x10;
        Files.write(weights, b);
        // what a kill during the final pictures or a checkpoint write leaves
        Path tmpFile = run.resolve(".flow.gif.0123456789abcdef.tmp");
        Path tmpDir = run.resolve(".step-0000000012.fedcba9876543210.tmp");
        Files.writeString(tmpFile, "half a picture");
        Files.createDirectories(tmpDir);
        Files.writeString(tmpDir.resolve(CheckpointStore.WEIGHTS), "half a checkpoint");
        int rowsBefore = Files.readAllLines(run.resolve("metrics.jsonl")).size();

        CommandRunner.Result r = CommandRunner.run(dir, "train", "-o", run.toString(), "--resume", "--epochs", "3");
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(
                r.err().contains("resuming from step-0000000004, the newest checkpoint that loads")
                        && r.err().contains(weights.toString()),
                "one warning naming the checkpoint used and the damaged one: " + r.err());
        assertTrue(r.out().contains("(resuming step-0000000004)"), r.out());
        assertFalse(Files.exists(tmpFile) || Files.exists(tmpDir), "stale temporaries of the run are cleaned");
        Path latest = new CheckpointStore(run, 3).latest().orElseThrow();
        assertEquals("step-0000000012", latest.getFileName().toString());
        CheckpointStore.load(latest);

        List<String> rows = Files.readAllLines(run.resolve("metrics.jsonl"));
        assertEquals(rowsBefore + 2 * (4 + 1), rows.size(), "epochs 2 and 3 again: 4 steps and an epoch line each");
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(i >= rowsBefore, rows.get(i).contains("\"resumed\":true"), "row " + i + ": " + rows.get(i));
        }
        List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
        assertTrue(csv.get(0).endsWith(",resumed"), csv.get(0));
        assertTrue(csv.get(csv.size() - 1).endsWith(",true"), csv.toString());

        // the latest one missing altogether
        Path gone = copyOfBaseRun("missing");
        try (java.util.stream.Stream<Path> walk = Files.walk(gone.resolve("step-0000000008"))) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        CommandRunner.Result m = CommandRunner.run(dir, "train", "-o", gone.toString(), "--resume", "--epochs", "2");
        assertEquals(0, m.exitCode(), m.all());
        assertTrue(
                m.err().contains("resuming from step-0000000004")
                        && m.err().contains("step-0000000008, which is missing"),
                m.err());
    }

    @Test
    void runFilesGetThePermissionsOfAnyNewFile() throws Exception {
        Path run = baseRun();
        Path reference = Files.createFile(dir.resolve("reference"));
        var expected = Files.getPosixFilePermissions(reference);
        List<Path> files;
        try (java.util.stream.Stream<Path> walk = Files.walk(run)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.size() > 10, files.toString());
        for (Path f : files) {
            assertEquals(expected, Files.getPosixFilePermissions(f), f.toString());
        }
        var directory = Files.getPosixFilePermissions(Files.createDirectory(dir.resolve("reference-dir")));
        assertEquals(directory, Files.getPosixFilePermissions(run.resolve("step-0000000008")), "checkpoint directory");
    }

    @Test
    void aFullDiskIsReportedWithTheFile() throws Exception {
        // /dev/full answers every write with ENOSPC, as a full disk does
        Path run = Files.createDirectories(dir.resolve("full"));
        Files.createSymbolicLink(run.resolve("metrics.jsonl"), Path.of("/dev/full"));
        CommandRunner.Result r =
                CommandRunner.run(dir, args("train", "-o", "full", "--train-clips", "16", "--epochs", "1"));
        assertEquals(1, r.exitCode(), r.all());
        assertTrue(
                r.err().contains("could not write " + Path.of("full", "metrics.jsonl") + ": No space left on device"),
                r.err());
        assertFalse(r.all().contains("interrupted"), r.all());
    }
}
