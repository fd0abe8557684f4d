package io.repflow.spark;

import io.repflow.cli.BackendOptions;
import io.repflow.cli.CheckpointOptions;
import io.repflow.cli.PredictOptions;
import io.repflow.cli.RecordedDefaults;
import io.repflow.cli.TestViews;
import io.repflow.spi.Backends;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code repflow spark predict}: top-k, logits and optionally pooled features of every video of a list, as Parquet. */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Predict every video of a list or folder on Spark; one Parquet row per video (an unreadable one gives a row with its error).",
            "Same views, batching and scores as repflow predict."
        })
final class SparkPredictCommand implements Callable<Integer>, RecordedDefaults.OwnOptions {

    /** The run record gives clip settings, seed and normalisation, never the input list or the output table. */
    @Override
    public Set<String> notFromRecord() {
        return Set.of("list", "root", "out", "overwrite", "partitions", "master", "batch");
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(
                names = "--list",
                paramLabel = "FILE",
                description = "Videos, one per line: a path (relative to the list) or a URI, optionally a label.")
        Path list;

        @Option(names = "--root", paramLabel = "DIR", description = "Every video file under this folder.")
        Path root;
    }

    @Mixin
    CheckpointOptions checkpoint;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "OUT.parquet",
            description = "The result table (a local path or a URI Hadoop writes), written atomically.")
    String out;

    @Option(names = "--overwrite", description = "Replace an existing result table (once the new one is complete).")
    boolean overwrite;

    @Mixin
    PredictOptions predict;

    @Option(names = "--batch", defaultValue = "16", description = "Views per forward pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--features", description = "Add each video's pooled features (the classifier's input).")
    boolean features;

    @Mixin
    BackendOptions backendOptions;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() throws IOException {
        PrintStream log = System.out;
        List<Row> videos = input.list != null ? VideoLists.list(input.list) : VideoLists.root(input.root);
        RepflowSpark.Model model = RepflowSpark.model(checkpoint.checkpoint());
        model = model.withClasses(
                predict.classes(model.directory(), model.spec().numClasses()));
        InferenceOptions options = new InferenceOptions(
                backendId(backendOptions),
                backendOptions.device(),
                backendOptions.threads(),
                TestViews.of(
                        model.spec(),
                        predict.stride(),
                        predict.clips(),
                        1,
                        backendOptions.seed(),
                        checkpoint.normalization()),
                predict.top(),
                batch,
                features,
                false);
        long t0 = System.nanoTime();
        SparkSession spark = sparkOptions.open("predict", System.err);
        try {
            org.apache.hadoop.fs.Path target =
                    AtomicTable.check(out, overwrite, spark.sparkContext().hadoopConfiguration());
            Dataset<Row> refs = spark.createDataFrame(videos, VideoColumns.input(true, true, true))
                    .repartition(sparkOptions.partitions(spark, videos.size()));
            AtomicTable.writeParquet(
                    RepflowSpark.predict(refs, model, options),
                    target,
                    spark.sparkContext().hadoopConfiguration());
            Dataset<Row> written = spark.read().parquet(target.toString());
            JobSummary.of(written).print(log, target.toString(), (System.nanoTime() - t0) / 1e9);
        } finally {
            spark.stop();
        }
        return 0;
    }

    /** The engine the selection rule picks on the driver, so every executor opens the same one. */
    static String backendId(BackendOptions o) {
        o.config(); // a bad device or thread count is a usage error here, not on every executor
        return Backends.load().select(o.backend()).id();
    }
}
