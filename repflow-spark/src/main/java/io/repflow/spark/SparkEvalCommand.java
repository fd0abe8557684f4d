package io.repflow.spark;

import static org.apache.spark.sql.functions.col;

import io.repflow.cli.BackendOptions;
import io.repflow.cli.CheckpointOptions;
import io.repflow.cli.DataOptions;
import io.repflow.cli.EvalOptions;
import io.repflow.cli.RecordedDefaults;
import io.repflow.cli.RunFiles;
import io.repflow.cli.UsageException;
import io.repflow.data.dataset.VideoDataset;
import io.repflow.models.eval.ClassificationMetrics;
import io.repflow.models.eval.EvaluationResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code repflow spark eval}: {@code repflow eval} over a split on Spark: the same test set, views and
 * metrics (top-1, top-5, mean class accuracy, loss, confusion matrix); videos that cannot be read are
 * counted and listed, not scored.
 */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Evaluate a checkpoint on a split's test videos on Spark: top-1, top-5, mean class accuracy, confusion matrix.",
            "Same data flags, views and numbers as repflow eval."
        })
final class SparkEvalCommand implements Callable<Integer>, RecordedDefaults.OwnOptions {

    /** Like repflow eval, the run record gives data, clip settings, seed and normalisation; not the result table. */
    @Override
    public Set<String> notFromRecord() {
        return Set.of("results", "overwrite", "partitions", "master");
    }

    @Mixin
    CheckpointOptions checkpoint;

    @Mixin
    DataOptions data;

    @Mixin
    EvalOptions eval;

    @Option(
            names = "--results",
            paramLabel = "OUT.parquet",
            description =
                    "Also keep every video's result row (top-k, logits, probabilities, error), written atomically.")
    String results;

    @Option(names = "--overwrite", description = "Replace an existing --results table.")
    boolean overwrite;

    @Mixin
    BackendOptions backendOptions;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() throws IOException {
        PrintStream log = System.out;
        RepflowSpark.Model model = RepflowSpark.model(checkpoint.checkpoint());
        data.defaultsFrom(model.spec());
        if (data.kind() == DataOptions.Kind.SYNTHETIC) {
            throw new UsageException(
                    "spark eval reads video files; give a layout on disk (--data list, folder, hmdb51, "
                            + "ucf101 or kinetics) with its held-out videos");
        }
        VideoDataset test = data.heldOut();
        if (test == null) {
            throw new UsageException("no held-out set: give --val-root, --val-list or --val-csv (hmdb51/ucf101 use the"
                    + " split's test list)");
        }
        if (test.numClasses() != model.spec().numClasses()) {
            throw new UsageException("the checkpoint predicts " + model.spec().numClasses()
                    + " classes but the data has " + test.numClasses());
        }
        model = model.withClasses(test.classes());
        InferenceOptions options = new InferenceOptions(
                SparkPredictCommand.backendId(backendOptions),
                backendOptions.device(),
                backendOptions.threads(),
                data.testViews(eval.clips(), eval.crops(), backendOptions.seed(), checkpoint.normalization()),
                Math.min(5, model.spec().numClasses()),
                eval.batch(),
                false,
                true);
        List<Row> videos = VideoLists.dataset(test);
        Path target = eval.out(model.directory().getParent());
        long t0 = System.nanoTime();
        SparkSession spark = sparkOptions.open("eval", System.err);
        try {
            Dataset<Row> refs = spark.createDataFrame(videos, VideoColumns.input(true, true, true))
                    .repartition(sparkOptions.partitions(spark, videos.size()));
            Dataset<Row> scored = RepflowSpark.predict(refs, model, options);
            if (results != null) {
                org.apache.hadoop.fs.Path table = AtomicTable.check(
                        results, overwrite, spark.sparkContext().hadoopConfiguration());
                AtomicTable.writeParquet(scored, table, spark.sparkContext().hadoopConfiguration());
                scored = spark.read().parquet(table.toString());
            }
            List<Row> rows = scored.select(
                            VideoColumns.INDEX, VideoColumns.LABEL, VideoColumns.PROBABILITIES, VideoColumns.ERROR)
                    .orderBy(col(VideoColumns.INDEX))
                    .collectAsList();
            ClassificationMetrics metrics =
                    new ClassificationMetrics(model.spec().numClasses());
            List<String> errors = new java.util.ArrayList<>();
            for (Row r : rows) {
                if (!r.isNullAt(3)) {
                    errors.add(r.getString(3));
                    continue;
                }
                List<Double> p = r.getList(2);
                metrics.add(p.stream().mapToDouble(Double::doubleValue).toArray(), r.getInt(1));
            }
            EvaluationResult r = metrics.result();
            RunFiles.writeConfusion(target, "confusion-eval", r.confusion(), test.classes());
            log.printf(
                    "%s on %s (%s, Spark %s): %d videos, %d clip(s) x %d crop(s), %.1f s%n",
                    model.spec().name(),
                    test.name(),
                    options.backend(),
                    spark.sparkContext().master(),
                    r.samples(),
                    eval.clips(),
                    eval.crops(),
                    (System.nanoTime() - t0) / 1e9);
            log.printf(
                    "top-1 %.4f  top-5 %.4f  mean class accuracy %.4f  loss %.4f%n",
                    r.top1(), r.top5(), r.meanClassAccuracy(), r.meanLoss());
            log.println("confusion matrix: " + target.resolve("confusion-eval.csv") + ", "
                    + target.resolve("confusion-eval.png"));
            if (!errors.isEmpty()) {
                log.printf("%d video(s) could not be read and are not counted:%n", errors.size());
                errors.stream().limit(10).forEach(e -> log.println("  error: " + e));
            }
            if (results != null) {
                log.println("results: " + results);
            }
        } finally {
            spark.stop();
        }
        return 0;
    }
}
