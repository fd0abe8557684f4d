package io.repflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.data.synthetic.MotionClass;
import io.repflow.data.synthetic.SyntheticMotion;
import io.repflow.data.testing.DebianFfmpeg;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance on real video: a class-folder dataset of H.264 .mp4 files (Debian's ffmpeg, libx264 with B-frames,
 * checked with ffprobe) whose classes only the direction of motion tells apart (every frame has the same
 * appearance statistics in both classes), plus a zero-byte and a truncated file; {@code repflow train --data
 * folder} reaches at least 0.9 held-out top-1 with both bad files skipped, counted in the epoch summary and listed
 * in skipped.jsonl, and {@code repflow eval --checkpoint <run>} with no data flag gives the same accuracy.
 *
 * <p>The classes are up and down: training mirrors clips left-right at random (the video-recognition
 * convention), which turns a rightward motion into a leftward one under the same label, so horizontal directions
 * cannot be classes here. The videos are 32x32, the short side {@code --size 28} decodes to, so no scaling blurs
 * the motion.
 */
class RealVideoTrainingTest {

    private static final List<MotionClass> CLASSES = List.of(MotionClass.UP, MotionClass.DOWN);
    private static final int TRAIN_PER_CLASS = 24;
    private static final int VAL_PER_CLASS = 16;

    @TempDir
    Path dir;

    @Test
    void trainOnMp4ClassFoldersThenEvalTheRunWithoutDataFlags() throws Exception {
        assertTrue(DebianFfmpeg.hasX264(), "needs Debian's ffmpeg with libx264 on the PATH (apt-get install ffmpeg)");
        SyntheticMotion motion = SyntheticMotion.builder()
                .classes(CLASSES)
                .frames(12)
                .size(32, 32)
                .speed(2)
                .seed(13)
                .build();
        int[] train = new int[motion.numClasses()];
        int[] val = new int[motion.numClasses()];
        int made = 0;
        for (long i = 0; made < motion.numClasses() * (TRAIN_PER_CLASS + VAL_PER_CLASS); i++) {
            int label = motion.label(i);
            String split = val[label] < VAL_PER_CLASS ? "val" : train[label] < TRAIN_PER_CLASS ? "train" : null;
            if (split == null) {
                continue;
            }
            Path file =
                    dir.resolve(split).resolve(motion.classNames().get(label)).resolve("v" + i + ".mp4");
            Files.createDirectories(file.getParent());
            // 2 B-frames, a keyframe every 8 frames
            DebianFfmpeg.encodeH264(motion.render(i), 25, 8, 2, 18, "fast", file);
            (split.equals("val") ? val : train)[label]++;
            made++;
        }
        Path up = dir.resolve("train").resolve("up");
        Path down = dir.resolve("train").resolve("down");
        Path good;
        try (var files = Files.list(down)) {
            good = files.sorted().findFirst().orElseThrow();
        }
        assertTrue(pictureTypes(good).contains("B"), "libx264 wrote no B-frames into " + good);
        Files.write(up.resolve("empty.mp4"), new byte[0]);
        byte[] bytes = Files.readAllBytes(good);
        Files.write(down.resolve("truncated.mp4"), Arrays.copyOf(bytes, bytes.length / 2));

        long t0 = System.nanoTime();
        CommandRunner.Result run = CommandRunner.run(
                dir,
                "train",
                "--data",
                "folder",
                "--root",
                "train",
                "--val-root",
                "val",
                "--frames",
                "8",
                "--size",
                "28",
                "--epochs",
                "4",
                "--batch",
                "8",
                "--seed",
                "7",
                "-o",
                "run");
        System.out.printf(
                "real-video run: %d training videos (2 bad), %d held out, wall time %.1f s%n",
                motion.numClasses() * TRAIN_PER_CLASS + 2,
                motion.numClasses() * VAL_PER_CLASS,
                (System.nanoTime() - t0) / 1e9);
        assertEquals(0, run.exitCode(), run.all());
        double top1 = Double.parseDouble(find(run.out(), "held-out: top-1 ([0-9.]+)"));
        assertTrue(top1 >= 0.9, "held-out top-1 " + top1 + " < 0.9:\n" + run.all());
        assertTrue(run.out().contains("(2 bad video(s) skipped, listed in skipped.jsonl)"), run.out());
        assertTrue(run.all().contains("up/empty.mp4") && run.all().contains("down/truncated.mp4"), run.all());

        List<String> skipped = Files.readAllLines(dir.resolve("run").resolve("skipped.jsonl"), StandardCharsets.UTF_8);
        // every epoch lists both, each with why
        assertEquals(8, skipped.size(), String.join("\n", skipped));
        assertEquals(
                4,
                skipped.stream()
                        .filter(l -> l.contains("\"file\":\"train/up/empty.mp4\"") && l.contains("\"kind\":\"EMPTY\""))
                        .count(),
                String.join("\n", skipped));
        assertEquals(
                4,
                skipped.stream()
                        .filter(l -> l.contains("\"file\":\"train/down/truncated.mp4\"")
                                && l.contains("\"kind\":\"NOT_A_VIDEO\""))
                        .count(),
                String.join("\n", skipped));

        CommandRunner.Result eval = CommandRunner.run(dir, "eval", "--checkpoint", "run");
        assertEquals(0, eval.exitCode(), eval.all());
        assertTrue(eval.out().contains(motion.numClasses() * VAL_PER_CLASS + " videos"), eval.out());
        assertEquals(top1, Double.parseDouble(find(eval.out(), "top-1 ([0-9.]+)")), 5e-4, eval.out());
    }

    /** The picture types ffprobe reports for the frames of {@code file}, e.g. "IBPBP...". */
    private static String pictureTypes(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        "ffprobe",
                        "-v",
                        "error",
                        "-select_streams",
                        "v",
                        "-show_entries",
                        "frame=pict_type",
                        "-of",
                        "default=noprint_wrappers=1:nokey=1",
                        file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.replaceAll("\\s+", "");
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "'" + regex + "' not found in:\n" + text);
        return m.group(1);
    }
}
