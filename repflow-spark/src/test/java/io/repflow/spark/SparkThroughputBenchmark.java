package io.repflow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.cli.Main;
import io.repflow.data.synthetic.MotionClass;
import io.repflow.data.synthetic.SyntheticMotion;
import io.repflow.data.synthetic.SyntheticVideos;
import io.repflow.data.video.VideoCodec;
import io.repflow.models.checkpoint.CheckpointStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throughput of {@code repflow spark predict} with 1 and 2 executor cores (the README's figures). Not part
 * of the suite (the class name does not match Surefire's test pattern); run it alone on the machine:
 * {@code ./mvnw -B -o test -pl repflow-spark -am -Dtest=SparkThroughputBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false} (-Dbench.videos=N, -Dbench.frames, -Dbench.size, -Dbench.model = a
 * {@code repflow train --model}, default motionnet; -Dbench.batch = views per forward pass, default 16). It trains a checkpoint of that model with its default
 * flow block for one short epoch and writes H.264 videos; then for N = 1 and 2 a fresh JVM
 * ({@link SparkThroughputRun}) runs {@code local[N]} with {@code --threads N} (N task slots, and the engine's
 * forward passes on N threads: a JVM's tasks share one model and take turns on it), one job that opens the
 * engine and compiles the model, then the timed job. It writes clips/s, the compile time, the checkpoint's
 * size, the JVM's peak RSS and the load average to {@code target/spark-throughput.txt}.
 */
class SparkThroughputBenchmark {

    @TempDir
    Path dir;

    @Test
    void clipsPerSecondWithOneAndTwoCores() throws IOException, InterruptedException {
        int videos = Integer.getInteger("bench.videos", 48);
        int frames = Integer.getInteger("bench.frames", 16);
        int size = Integer.getInteger("bench.size", 112);
        String network = System.getProperty("bench.model", "motionnet");
        int batch = Integer.getInteger("bench.batch", 16);
        int clips = 3;
        Path run = dir.resolve("run");
        assertEquals(
                0,
                Main.run(
                        "train",
                        "--model",
                        network,
                        "--frames",
                        String.valueOf(frames),
                        "--size",
                        String.valueOf(size),
                        "--train-clips",
                        "8",
                        "--val-clips",
                        "4",
                        "--batch",
                        "4",
                        "--epochs",
                        "1",
                        "--backend",
                        "djl",
                        "--out",
                        run.toString()));
        String model = CheckpointStore.load(io.repflow.cli.Checkpoints.resolve(run))
                .manifest()
                .spec()
                .name();
        SyntheticMotion motion = SyntheticMotion.builder()
                .classes(MotionClass.translations4())
                .frames(2 * frames)
                .size(size + 16, size + 16)
                .seed(3)
                .build();
        Path list = SyntheticVideos.write(motion, dir.resolve("videos"), 0, videos, VideoCodec.H264_MP4, 25);
        StringBuilder report = new StringBuilder(String.format(
                "%s, djl on CPU, %d videos (H.264, %d frames of %dx%d) x %d clips of %d frames at %dx%d, --batch %d%n",
                model, videos, 2 * frames, size + 16, size + 16, clips, frames, size, size, batch));
        report.append("load average before: ").append(loadAverage()).append('\n');
        for (int cores = 1; cores <= 2; cores++) {
            String master = "local[" + cores + "]";
            Path out = Files.createDirectories(dir.resolve("out-" + cores));
            List<String> lines = child(master, cores, list, run, clips, batch, out);
            String result = find(lines, "result: ");
            String opened = find(lines, "repflow-spark: executor opened");
            double timed = Double.parseDouble(result.replaceAll(".*timed ([0-9.]+) s.*", "$1"));
            report.append(String.format(
                    "%s --threads %d: %.2f clips/s (%.2f videos/s; %d clips in %.1f s); %s; %s%n",
                    master, cores, videos * clips / timed, videos / timed, videos * clips, timed, result, opened));
        }
        report.append("load average after: ").append(loadAverage()).append('\n');
        System.out.print(report);
        Files.writeString(Path.of("target", "spark-throughput.txt"), report);
    }

    /** Runs {@link SparkThroughputRun} in a JVM of its own and returns its output lines. */
    private List<String> child(String master, int threads, Path list, Path run, int clips, int batch, Path out)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(
                Files.readString(Path.of("target", "java-options.txt")).strip().split("\\s+")));
        command.addAll(List.of(
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                SparkThroughputRun.class.getName(),
                master,
                String.valueOf(threads),
                list.toString(),
                run.toString(),
                String.valueOf(clips),
                String.valueOf(batch),
                out.toString()));
        Path log = out.resolve("child.log");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        int code = p.waitFor();
        List<String> lines = Files.readAllLines(log);
        assertEquals(0, code, String.join("\n", lines));
        return lines;
    }

    private static String find(List<String> lines, String start) {
        String line =
                lines.stream().filter(l -> l.startsWith(start)).findFirst().orElse("");
        assertTrue(!line.isEmpty(), "no '" + start + "' line in\n" + String.join("\n", lines));
        return line.strip();
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }
}
