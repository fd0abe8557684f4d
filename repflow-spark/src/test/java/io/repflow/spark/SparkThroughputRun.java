package io.repflow.spark;

import io.repflow.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One JVM of {@link SparkThroughputBenchmark}: {@code repflow spark predict} twice on one master (the
 * first job opens the engine and compiles the model, the second is timed), then one {@code result:} line
 * with the times and the JVM's peak resident set (driver and executor share this JVM in local mode).
 * Arguments: master, engine threads, list, checkpoint, clips, views per forward pass, output folder.
 */
final class SparkThroughputRun {

    private SparkThroughputRun() {}

    public static void main(String[] args) throws IOException {
        String master = args[0];
        String threads = args[1];
        Path list = Path.of(args[2]);
        String checkpoint = args[3];
        String clips = args[4];
        String batch = args[5];
        Path out = Path.of(args[6]);
        long t0 = System.nanoTime();
        predict(master, threads, list, checkpoint, clips, batch, out.resolve("first.parquet"));
        double first = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        predict(master, threads, list, checkpoint, clips, batch, out.resolve("timed.parquet"));
        double timed = (System.nanoTime() - t1) / 1e9;
        System.out.printf("result: first %.2f s, timed %.2f s, peak RSS %d KiB%n", first, timed, peakRssKib());
    }

    private static void predict(
            String master, String threads, Path list, String checkpoint, String clips, String batch, Path out) {
        int code = Main.run(
                new SparkCommand(),
                "predict",
                "--list",
                list.toString(),
                "--checkpoint",
                checkpoint,
                "--clips",
                clips,
                "--batch",
                batch,
                "--out",
                out.toString(),
                "--master",
                master,
                "--threads",
                threads,
                "--backend",
                "djl");
        if (code != 0) {
            throw new IllegalStateException("repflow spark predict on " + master + " exited with " + code);
        }
    }

    /** VmHWM of /proc/self/status: the most resident memory this JVM has had. */
    private static long peakRssKib() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmHWM:"))
                .map(l -> l.replaceAll("\\D", ""))
                .mapToLong(Long::parseLong)
                .findFirst()
                .orElse(-1);
    }
}
