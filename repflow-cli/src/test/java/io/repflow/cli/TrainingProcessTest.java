package io.repflow.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.models.checkpoint.Checkpoint;
import io.repflow.models.checkpoint.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training through the real command on a tiny synthetic set (16x16 clips of 4 frames): train, eval on
 * its checkpoint, resume after a kill equals an uninterrupted run bit for bit, and a kill at any
 * moment (including during a checkpoint write) leaves a loadable latest checkpoint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainingProcessTest {

    private static final String[] TINY = {
        "--frames",
        "4",
        "--size",
        "16",
        "--train-clips",
        "32",
        "--val-clips",
        "16",
        "--batch",
        "8",
        "--epochs",
        "3",
        "--iterations",
        "5",
        "--lr",
        "0.02",
        "--backend",
        "djl",
        "--seed",
        "7"
    };

    /** Shared by the ordered steps: the resume test compares with the first test's run. */
    @TempDir
    static Path dir;

    private static String[] args(String command, String... more) {
        List<String> a = new ArrayList<>(List.of(command));
        a.addAll(List.of(TINY));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private CommandRunner.Result straight;

    /** The uninterrupted run, made once and shared by the checks. */
    private synchronized CommandRunner.Result straightRun() throws Exception {
        if (straight == null) {
            straight = CommandRunner.run(dir, args("train", "-o", "straight"));
        }
        return straight;
    }

    @Test
    @Order(1)
    void trainThenEvalOnItsCheckpoint() throws Exception {
        CommandRunner.Result train = straightRun();
        assertEquals(0, train.exitCode(), train.all());
        String top1 = find(train.out(), "held-out: top-1 ([0-9.]+)");
        assertTrue(train.out().contains("checkpoint: ") && train.out().contains("confusion.png"), train.out());
        Path run = dir.resolve("straight");
        assertEquals(3 + 1, Files.readAllLines(run.resolve("metrics.csv")).size(), "header + one line per epoch");
        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        assertEquals(
                3, lines.stream().filter(l -> l.contains("\"kind\":\"epoch\"")).count(), "one epoch line per epoch");
        assertTrue(Files.size(run.resolve("flow.gif")) > 0 && Files.size(run.resolve("confusion.png")) > 0);
        assertTrue(Files.size(run.resolve("curves.png")) > 0);
        // the TensorBoard file, read by the independent reader, holds the steps and values of metrics.jsonl
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<com.fasterxml.jackson.databind.JsonNode> steps = new ArrayList<>();
        List<com.fasterxml.jackson.databind.JsonNode> epochs = new ArrayList<>();
        for (String l : lines) {
            com.fasterxml.jackson.databind.JsonNode n = json.readTree(l);
            (n.get("kind").asText().equals("step") ? steps : epochs).add(n);
        }
        assertEquals(3 * 32 / 8, steps.size(), "one line per step: 3 epochs of 4 batches");
        com.fasterxml.jackson.databind.JsonNode events = TfEventsReader.read(TfEventsReader.in(run));
        assertEquals("brain.Event:2", events.get("file_version").asText());
        List<double[]> losses = new ArrayList<>();
        List<double[]> valTop1 = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode e : events.get("scalars")) {
            if (e.get(1).asText().equals("train/loss")) {
                losses.add(new double[] {e.get(0).asLong(), e.get(2).asDouble()});
            } else if (e.get(1).asText().equals("epoch/val_top1")) {
                valTop1.add(new double[] {e.get(0).asLong(), e.get(2).asDouble()});
            }
        }
        assertEquals(steps.size(), losses.size());
        for (int i = 0; i < steps.size(); i++) {
            assertEquals(steps.get(i).get("step").asLong(), (long) losses.get(i)[0], "step of event " + i);
            assertEquals((float) steps.get(i).get("loss").asDouble(), (float) losses.get(i)[1], "loss at step " + i);
        }
        assertEquals(3, valTop1.size());
        for (int e = 0; e < 3; e++) {
            assertEquals(e + 1, (long) valTop1.get(e)[0]);
            assertEquals((float) epochs.get(e).get("valTop1").asDouble(), (float) valTop1.get(e)[1]);
        }

        CommandRunner.Result eval = CommandRunner.run(
                dir,
                "eval",
                "--checkpoint",
                "straight",
                "--frames",
                "4",
                "--size",
                "16",
                "--train-clips",
                "32",
                "--val-clips",
                "16",
                "--backend",
                "djl",
                "--seed",
                "7");
        assertEquals(0, eval.exitCode(), eval.all());
        assertEquals(
                Double.parseDouble(top1),
                Double.parseDouble(find(eval.out(), "top-1 ([0-9.]+)")),
                1e-9,
                "eval of the final checkpoint repeats the training run's held-out top-1: " + eval.out());
        assertTrue(Files.exists(run.resolve("confusion-eval.csv")));

        // the run's run.json gives eval everything: no data, model or backend flag
        assertTrue(Files.readString(run.resolve(RunRecord.FILE)).contains("\"train-clips\" : 32"));
        CommandRunner.Result bare = CommandRunner.run(dir, "eval", "--checkpoint", "straight");
        assertEquals(0, bare.exitCode(), bare.all());
        assertTrue(bare.out().contains("synthetic-4"), bare.out());
        assertEquals(
                Double.parseDouble(top1),
                Double.parseDouble(find(bare.out(), "top-1 ([0-9.]+)")),
                1e-9,
                "eval with no data flag evaluates the run's held-out data: " + bare.out());
    }

    @Test
    @Order(2)
    void resumeAfterAKillEqualsTheUninterruptedRun() throws Exception {
        assertEquals(0, straightRun().exitCode(), straightRun().all());
        Path log = dir.resolve("killed.log");
        Process p = CommandRunner.start(dir, log, args("train", "-o", "resumed"));
        CheckpointStore store = new CheckpointStore(dir.resolve("resumed"), 3);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (store.latest().isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        String state = p.isAlive() ? "running" : "exited with " + p.exitValue();
        p.destroyForcibly().waitFor();
        assertTrue(
                store.latest().isPresent(),
                "a checkpoint appeared before the kill (the process " + state + "): " + Files.readString(log));
        CommandRunner.Result contradicting =
                CommandRunner.run(dir, "train", "-o", "resumed", "--resume", "--lr", "0.5", "--frames", "4");
        assertEquals(2, contradicting.exitCode(), contradicting.all());
        assertTrue(
                contradicting.err().contains("--lr 0.5") && contradicting.err().contains("lr 0.02"),
                "a flag that contradicts the record is refused naming both values: " + contradicting.err());
        CommandRunner.Result resumed = CommandRunner.run(dir, args("train", "-o", "resumed", "--resume"));
        assertEquals(0, resumed.exitCode(), resumed.all());

        Path straight = new CheckpointStore(dir.resolve("straight"), 3).latest().orElseThrow();
        Path again = store.latest().orElseThrow();
        assertEquals(straight.getFileName(), again.getFileName(), "both runs end at the same step");
        assertArrayEquals(
                Files.readAllBytes(straight.resolve(CheckpointStore.WEIGHTS)),
                Files.readAllBytes(again.resolve(CheckpointStore.WEIGHTS)),
                "weights after resume equal the uninterrupted run's bit for bit");
        assertArrayEquals(
                Files.readAllBytes(straight.resolve(CheckpointStore.OPTIMIZER)),
                Files.readAllBytes(again.resolve(CheckpointStore.OPTIMIZER)),
                "momentum buffers too");
    }

    @Test
    @Order(3)
    void killsAtAnyMomentLeaveALoadableCheckpoint() throws Exception {
        // checkpoints every step, killed after a growing delay: some kills land inside a checkpoint write
        Path run = dir.resolve("killed");
        CheckpointStore store = new CheckpointStore(run, 3);
        for (int attempt = 0; attempt < 4; attempt++) {
            String[] a = store.latest().isPresent()
                    ? args("train", "-o", "killed", "--checkpoint-every", "1", "--resume")
                    : args("train", "-o", "killed", "--checkpoint-every", "1");
            Process p = CommandRunner.start(dir, dir.resolve("kill" + attempt + ".log"), a);
            Path before = store.latest().orElse(null);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (p.isAlive()
                    && System.nanoTime() < deadline
                    && java.util.Objects.equals(before, store.latest().orElse(null))) {
                Thread.sleep(20);
            }
            Thread.sleep(37L * attempt);
            p.destroyForcibly().waitFor();
            Path latest = store.latest().orElseThrow(() -> new AssertionError("no checkpoint after a kill"));
            Checkpoint c = CheckpointStore.load(latest);
            assertTrue(
                    c.weights().size() > 0 && c.manifest().state() != null, "latest checkpoint " + latest + " loads");
        }
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "'" + regex + "' not found in:\n" + text);
        return m.group(1);
    }
}
