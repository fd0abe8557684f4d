package io.repflow.spark;

import java.io.PrintStream;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** Where the job runs: embedded {@code local[*]} unless {@code --master} (or spark-submit) says otherwise. */
public final class SparkOptions {

    @Option(
            names = "--master",
            paramLabel = "URL",
            description = "Spark master: local[*] (default: embedded, every core), local[N], spark://HOST:7077, yarn, "
                    + "k8s://…; under spark-submit its --master is used.")
    String master;

    @Option(
            names = "--partitions",
            defaultValue = "0",
            paramLabel = "N",
            description = "Partitions (tasks) of the video list, 0 = 4 per core Spark has, at most one per video.")
    int partitions;

    /**
     * Opens the session with repflow's settings, a line per finished stage on {@code progress} and the
     * UI's address there.
     */
    SparkSession open(String job, PrintStream progress) {
        SparkSession.Builder b = SparkSession.builder()
                .appName("repflow spark " + job)
                // the stage lines replace Spark's console bar, which would be mixed with them
                .config("spark.ui.showConsoleProgress", "false");
        if (master != null) {
            b = b.master(master);
        } else if (System.getProperty("spark.master") == null) {
            b = b.master("local[*]");
        }
        SparkSession spark = b.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        spark.sparkContext().addSparkListener(new StageLines(progress));
        String ui = spark.sparkContext().uiWebUrl().isDefined()
                ? spark.sparkContext().uiWebUrl().get()
                : "off";
        progress.printf(
                "spark: %s on %s, %d core(s); Spark UI %s%n",
                spark.sparkContext().appName(),
                spark.sparkContext().master(),
                spark.sparkContext().defaultParallelism(),
                ui);
        return spark;
    }

    /** The partition count for {@code videos} rows. */
    int partitions(SparkSession spark, long videos) {
        if (partitions < 0) {
            throw new io.repflow.cli.UsageException("--partitions " + partitions + " is out of range; use 0 or more");
        }
        long n = partitions > 0 ? partitions : 4L * spark.sparkContext().defaultParallelism();
        return (int) Math.max(1, Math.min(n, videos));
    }
}
