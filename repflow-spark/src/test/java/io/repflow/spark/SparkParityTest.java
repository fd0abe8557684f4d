package io.repflow.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.repflow.api.HostTensor;
import io.repflow.cli.Main;
import io.repflow.data.synthetic.MotionClass;
import io.repflow.data.synthetic.SyntheticMotion;
import io.repflow.data.synthetic.SyntheticVideos;
import io.repflow.data.video.VideoCodec;
import io.repflow.models.checkpoint.Checkpoint;
import io.repflow.models.checkpoint.CheckpointStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code repflow spark predict} and {@code spark eval} on {@code local[2]} against {@code repflow predict}
 * and {@code repflow eval}: a checkpoint trained here by {@code repflow train} (synthetic motion, a few
 * steps), real H.264 files written by FFmpeg's encoder, and a truncated file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkParityTest {

    private static final double LOGITS = 1e-5;
    private static final int VIDEOS = 8;

    private Path dir;

    private Path run;
    private Path classes;
    private Path allList;
    private Path corrupt;
    private final List<Path> good = new ArrayList<>();

    @BeforeAll
    void trainAndWriteVideos(@TempDir Path tmp) throws IOException {
        dir = tmp;
        run = dir.resolve("run");
        Output train = repflow(
                "train",
                "--frames",
                "4",
                "--size",
                "32",
                "--train-clips",
                "32",
                "--val-clips",
                "8",
                "--batch",
                "8",
                "--epochs",
                "1",
                "--iterations",
                "5",
                "--lr",
                "0.02",
                "--backend",
                "djl",
                "--seed",
                "7",
                "--out",
                run.toString());
        assertEquals(0, train.code, train.text);

        SyntheticMotion motion = SyntheticMotion.builder()
                .classes(MotionClass.translations4())
                .frames(12)
                .size(32, 32)
                .seed(11)
                .build();
        Path videos = dir.resolve("videos");
        Path list = SyntheticVideos.write(motion, videos, 0, VIDEOS, VideoCodec.H264_MP4, 25);
        classes = videos.resolve(SyntheticVideos.CLASSES_FILE);
        for (String line : Files.readAllLines(list)) {
            good.add(videos.resolve(line.substring(0, line.lastIndexOf(' '))));
        }
        byte[] whole = Files.readAllBytes(good.get(0));
        corrupt = videos.resolve("corrupt.mp4");
        Files.write(corrupt, java.util.Arrays.copyOf(whole, whole.length / 3));
        allList = videos.resolve("all.txt");
        Files.writeString(allList, Files.readString(list) + "corrupt.mp4 0\n");
    }

    @Test
    void predictGivesRepflowPredictsTopKAndLogitsAndOneErrorRowForTheCorruptFile() throws IOException {
        Map<String, JsonNode> expected = new HashMap<>();
        for (Path video : good) {
            JsonNode n = predictJson(video, "--clips", "3", "--top", "3");
            expected.put(n.get("video").asText(), n);
        }
        assertEquals(VIDEOS, expected.size());
        Output bad = repflow("predict", corrupt.toString(), "--checkpoint", run.toString(), "--backend", "djl");
        assertTrue(
                bad.code != 0 && bad.text.contains("corrupt.mp4"),
                "repflow predict fails on the corrupt file: " + bad.text);

        Path out = dir.resolve("predictions.parquet");
        Output spark = sparkPredict(allList, out, "--clips", "3", "--top", "3", "--batch", "5", "--features");
        assertEquals(0, spark.code, spark.text);
        assertTrue(
                spark.text.contains("9 video(s)") && spark.text.contains("8 scored, 1 could not be read"), spark.text);
        assertTrue(Files.exists(out.resolve("_SUCCESS")), "the table is complete");
        try (Stream<Path> siblings = Files.list(dir)) {
            assertTrue(
                    siblings.noneMatch(p -> p.getFileName().toString().contains(".tmp-")), "no temporary table left");
        }

        Checkpoint ckpt = CheckpointStore.load(io.repflow.cli.Checkpoints.resolve(run));
        HostTensor fcWeight = ckpt.weights().get("fc.weight");
        HostTensor fcBias = ckpt.weights().get("fc.bias");
        List<Row> rows = read(out);
        assertEquals(VIDEOS + 1, rows.size());
        int errors = 0;
        for (Row r : rows) {
            String path = r.getAs(VideoColumns.PATH);
            String error = r.getAs(VideoColumns.ERROR);
            if (path.equals(corrupt.toString())) {
                assertNotNull(error, "the corrupt file is an error row");
                assertTrue(error.contains("corrupt.mp4"), error);
                assertNull(r.getAs(VideoColumns.LOGITS));
                assertNull(r.getAs(VideoColumns.TOP_CLASSES));
                errors++;
                continue;
            }
            assertNull(error, path);
            JsonNode e = expected.get(path);
            assertNotNull(e, "repflow predict has " + path);
            assertEquals(e.get("views").asInt(), (int) r.getAs(VideoColumns.VIEWS));
            List<Integer> top = r.getList(r.fieldIndex(VideoColumns.TOP_CLASSES));
            List<Double> scores = r.getList(r.fieldIndex(VideoColumns.TOP_SCORES));
            List<String> names = r.getList(r.fieldIndex(VideoColumns.TOP_NAMES));
            assertEquals(3, top.size());
            for (int k = 0; k < top.size(); k++) {
                JsonNode t = e.get("top").get(k);
                assertEquals(t.get("class").asInt(), top.get(k), path + " top " + k);
                assertEquals(t.get("name").asText(), names.get(k));
                assertEquals(t.get("score").asDouble(), scores.get(k), LOGITS, path + " score " + k);
            }
            double[] logits = doubles(r.getList(r.fieldIndex(VideoColumns.LOGITS)));
            assertArrayEquals(logits(e), logits, LOGITS, path);
            // pooled features: the classifier's input, so fc(features) gives the logits back
            double[] f = doubles(r.getList(r.fieldIndex(VideoColumns.FEATURES)));
            assertEquals(fcWeight.dim(1), f.length);
            double[] fc = new double[logits.length];
            for (int k = 0; k < fc.length; k++) {
                fc[k] = fcBias.flat(k);
                for (int j = 0; j < f.length; j++) {
                    fc[k] += fcWeight.flat(k * f.length + j) * f[j];
                }
            }
            assertArrayEquals(logits, fc, 1e-4, path + ": fc.weight * features + fc.bias");
        }
        assertEquals(1, errors);
    }

    @Test
    void evalGivesRepflowEvalsAccuraciesAndConfusionAndCountsTheCorruptFile() throws IOException {
        Path single = dir.resolve("eval-single");
        Path spark = dir.resolve("eval-spark");
        String[] data = {
            "--data",
            "list",
            "--val-list",
            allList.toString(),
            "--class-names",
            classes.toString(),
            "--clips",
            "2",
            "--crops",
            "2",
            "--backend",
            "djl",
            "--checkpoint",
            run.toString()
        };
        Output a = repflow(concat(new String[] {"eval"}, data, "-o", single.toString()));
        assertEquals(0, a.code, a.text);
        Output b = spark(concat(new String[] {"eval"}, data, "-o", spark.toString(), "--master", "local[2]"));
        assertEquals(0, b.code, b.text);
        String metrics = metricsLine(a.text);
        assertFalse(metrics.isEmpty(), a.text);
        assertEquals(metrics, metricsLine(b.text), "repflow eval:\n" + a.text + "\nspark eval:\n" + b.text);
        assertTrue(b.text.contains(": " + VIDEOS + " videos"), b.text);
        assertTrue(b.text.contains("1 video(s) could not be read"), b.text);
        assertEquals(
                Files.readString(single.resolve("confusion-eval.csv")),
                Files.readString(spark.resolve("confusion-eval.csv")));
    }

    @Test
    void aClipWindowSamplesOnlyItsFramesAndAWindowWithoutAClipIsAnErrorRow() throws IOException {
        // the videos have 12 frames at 25 fps and the model reads 4: repflow predict --clips 1 takes the
        // centre clip, frames 4..7, which is exactly the window [0.16 s, 0.32 s)
        Path video = good.get(0);
        JsonNode want = predictJson(video, "--clips", "1");
        Path list = dir.resolve("windows.txt");
        Files.writeString(
                list,
                video + " 1 start=0.16 end=0.32\n" + video
                        + " start=0.4\n"); // frames 10 and 11 only: no clip of 4 frames
        Path out = dir.resolve("windows.parquet");
        Output spark = sparkPredict(list, out, "--clips", "1");
        assertEquals(0, spark.code, spark.text);
        List<Row> rows = read(out);
        rows.sort(java.util.Comparator.comparingLong(r -> r.<Long>getAs(VideoColumns.INDEX)));
        assertEquals(2, rows.size());
        Row window = rows.get(0);
        assertNull(window.getAs(VideoColumns.ERROR));
        assertEquals(0.16, (double) window.getAs(VideoColumns.START));
        assertEquals(0.32, (double) window.getAs(VideoColumns.END));
        assertEquals(1, (int) window.getAs(VideoColumns.LABEL));
        assertArrayEquals(
                logits(want),
                doubles(window.getList(window.fieldIndex(VideoColumns.LOGITS))),
                LOGITS,
                "the window's clip is repflow predict's centre clip");
        Row empty = rows.get(1);
        assertNull(empty.getAs(VideoColumns.END));
        String error = empty.getAs(VideoColumns.ERROR);
        assertNotNull(error, "a window too short for a clip is an error row");
        assertTrue(error.contains("has 2 frames in the clip window [0.4 s, end)"), error);
        assertNull(empty.getAs(VideoColumns.LOGITS));
    }

    @Test
    void anExistingOutputIsAUsageErrorAndIsLeftAlone() throws IOException {
        Path out = dir.resolve("kept.parquet");
        Files.createDirectories(out);
        Files.writeString(out.resolve("mine.txt"), "keep me");
        Output r = spark(
                "predict",
                "--root",
                good.get(0).getParent().toString(),
                "--checkpoint",
                run.toString(),
                "--out",
                out.toString(),
                "--master",
                "local[1]",
                "--backend",
                "djl");
        assertEquals(2, r.code, r.text);
        assertTrue(r.text.contains("exists"), r.text);
        assertTrue(r.text.contains("repflow spark predict: "), "the error names the command run: " + r.text);
        assertEquals("keep me", Files.readString(out.resolve("mine.txt")));
    }

    @Test
    void aListThatIsAFolderIsAUsageErrorSayingSo() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("not-a-list"));
        Output r = sparkPredict(folder, dir.resolve("never.parquet"));
        assertEquals(2, r.code, r.text);
        assertTrue(r.text.contains("--list " + folder + " is a directory, not a file"), r.text);
        assertTrue(!Files.exists(dir.resolve("never.parquet")), "nothing written");
    }

    /** {@code repflow predict VIDEO --json} with this test's checkpoint and class names, and {@code flags}. */
    private JsonNode predictJson(Path video, String... flags) throws IOException {
        Output single = repflow(concat(
                new String[] {"predict", video.toString(), "--checkpoint", run.toString()},
                new String[] {"--class-names", classes.toString(), "--backend", "djl", "--json"},
                flags));
        assertEquals(0, single.code, single.text);
        return new ObjectMapper()
                .readTree(single.text
                        .lines()
                        .filter(l -> l.startsWith("{"))
                        .findFirst()
                        .orElseThrow());
    }

    /** {@code repflow spark predict --list LIST --out OUT} on local[2] with this test's checkpoint, and {@code flags}. */
    private Output sparkPredict(Path list, Path out, String... flags) {
        return spark(concat(
                new String[] {"predict", "--list", list.toString(), "--checkpoint", run.toString()},
                new String[] {"--class-names", classes.toString(), "--out", out.toString()},
                concat(new String[] {"--master", "local[2]", "--backend", "djl"}, flags)));
    }

    private static double[] logits(JsonNode predicted) {
        double[] v = new double[predicted.get("logits").size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = predicted.get("logits").get(k).asDouble();
        }
        return v;
    }

    private static String metricsLine(String text) {
        return text.lines().filter(l -> l.startsWith("top-1 ")).findFirst().orElse("");
    }

    private static String[] concat(String[] a, String[] b, String... c) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        all.addAll(List.of(c));
        return all.toArray(String[]::new);
    }

    private static double[] doubles(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static List<Row> read(Path table) {
        SparkSession spark = SparkSession.builder()
                .master("local[1]")
                .appName("read results")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            return spark.read().parquet(table.toString()).collectAsList();
        } finally {
            spark.stop();
        }
    }

    private record Output(int code, String text) {}

    private static Output repflow(String... args) {
        return capture(() -> Main.run(args));
    }

    private static Output spark(String... args) {
        return capture(() -> Main.run(new SparkCommand(), args));
    }

    /** Runs a command in this JVM with its standard output and error captured (the commands print to both). */
    private static synchronized Output capture(java.util.function.IntSupplier command) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(buffer, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(errors, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            long t0 = System.nanoTime();
            int code = command.getAsInt();
            err.printf("command took %.1f s%n", (System.nanoTime() - t0) / 1e9);
            return new Output(code, buffer.toString(StandardCharsets.UTF_8) + errors.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
