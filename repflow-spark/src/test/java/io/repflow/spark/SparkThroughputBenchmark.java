package io.repflow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.repflow.cli.Main;
import io.repflow.data.synthetic.MotionClass;
import io.repflow.data.synthetic.SyntheticMotion;
import io.repflow.data.synthetic.SyntheticVideos;
import io.repflow.data.video.VideoCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throughput of {@code repflow spark predict} with 1 and 2 executor cores (the README's figures). Not part
 * of the suite (the class name does not match Surefire's test pattern); run it on a quiet machine:
 * {@code ./mvnw -B -o test -pl repflow-spark -am -Dtest=SparkThroughputBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false} (-Dbench.videos=N, -Dbench.frames, -Dbench.size). It trains a
 * MotionNet-repflow checkpoint for one short epoch, writes H.264 videos, runs a warm-up job (each executor
 * JVM opens its model once), then times one job per core count and prints clips/s with the load average.
 */
class SparkThroughputBenchmark {

    @TempDir
    Path dir;

    @Test
    void clipsPerSecondWithOneAndTwoCores() throws IOException {
        int videos = Integer.getInteger("bench.videos", 48);
        int frames = Integer.getInteger("bench.frames", 16);
        int size = Integer.getInteger("bench.size", 112);
        int clips = 3;
        Path run = dir.resolve("run");
        assertEquals(
                0,
                Main.run(
                        "train",
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
        SyntheticMotion motion = SyntheticMotion.builder()
                .classes(MotionClass.translations4())
                .frames(2 * frames)
                .size(size + 16, size + 16)
                .seed(3)
                .build();
        Path list = SyntheticVideos.write(motion, dir.resolve("videos"), 0, videos, VideoCodec.H264_MP4, 25);
        StringBuilder report = new StringBuilder();
        for (String master : new String[] {"local[1]", "local[2]"}) {
            predict(list, run, master, "warm-" + master);
            long t0 = System.nanoTime();
            predict(list, run, master, master);
            double s = (System.nanoTime() - t0) / 1e9;
            report.append(String.format(
                    "%s: %d videos x %d clips of %d frames at %dx%d in %.1f s: %.2f clips/s (%.2f videos/s)%n",
                    master, videos, clips, frames, size, size, s, videos * clips / s, videos / s));
        }
        report.append("load average: ")
                .append(Files.readString(Path.of("/proc/loadavg")).strip());
        System.out.println(report);
        Files.writeString(Path.of("target", "spark-throughput.txt"), report + "\n");
    }

    private void predict(Path list, Path run, String master, String name) {
        assertEquals(
                0,
                Main.run(
                        new SparkCommand(),
                        "predict",
                        "--list",
                        list.toString(),
                        "--checkpoint",
                        run.toString(),
                        "--clips",
                        "3",
                        "--out",
                        dir.resolve(name + ".parquet").toString(),
                        "--master",
                        master,
                        "--backend",
                        "djl"));
    }
}
