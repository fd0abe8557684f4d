package io.repflow.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.repflow.cli.Checkpoints;
import io.repflow.cli.RunFiles;
import io.repflow.models.checkpoint.Checkpoint;
import io.repflow.models.spec.ModelSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The library entry point: a Dataset of video references in, a Dataset of results out (see
 * {@link VideoColumns}). The checkpoint is read once on the driver and broadcast; each executor JVM
 * opens one backend and compiles the model once ({@link ExecutorModels}), decodes its videos with
 * repflow-data exactly as {@code repflow predict}/{@code eval} do, and batches views of several videos
 * per forward pass. Nothing runs until the result is used (written, counted, collected).
 *
 * <pre>{@code
 * Dataset<Row> videos = spark.read().text("videos.txt").withColumnRenamed("value", "path");
 * RepflowSpark.Model model = RepflowSpark.model(Path.of("runs/kinetics"));
 * InferenceOptions options = new InferenceOptions("djl", "cpu", 0,
 *         TestViews.of(model.spec(), 1, 3, 1, 42, Normalization.MINUS_ONE_TO_ONE), 5, 16, true, false);
 * RepflowSpark.predict(videos, model, options).write().parquet("scores.parquet");
 * }</pre>
 */
public final class RepflowSpark {

    private RepflowSpark() {}

    /**
     * A checkpoint ready to ship: its spec, class names and bytes.
     *
     * @param directory the checkpoint directory (a run directory's latest resolved)
     */
    public record Model(Path directory, ModelSpec spec, List<String> classes, ShippedCheckpoint files) {

        public Model {
            if (classes.size() != spec.numClasses()) {
                throw new IllegalArgumentException(
                        classes.size() + " class names given but the model predicts " + spec.numClasses());
            }
            classes = List.copyOf(classes);
        }

        /** The same checkpoint with other class names. */
        public Model withClasses(List<String> names) {
            return new Model(directory, spec, names, files);
        }
    }

    /** The checkpoint (or a run directory's latest) with the class names of its run. */
    public static Model model(Path checkpoint) throws IOException {
        Path dir = Checkpoints.resolve(checkpoint);
        Checkpoint ckpt = Checkpoints.load(dir);
        ModelSpec spec = ckpt.manifest().spec();
        return new Model(dir, spec, RunFiles.readClasses(dir, spec.numClasses()), ShippedCheckpoint.read(dir));
    }

    /** The same checkpoint with other class names. */
    public static Model model(Path checkpoint, List<String> classes) throws IOException {
        return model(checkpoint).withClasses(classes);
    }

    /**
     * Predicts every video of {@code videos} (a {@code path} string column, optionally {@code label},
     * {@code index} and the clip window {@code start}/{@code end} in seconds; other columns are dropped). One result row per input row; a video that cannot
     * be read gives a row with its {@code error} and no scores.
     */
    public static Dataset<Row> predict(Dataset<Row> videos, Model model, InferenceOptions options) {
        List<String> names = Arrays.asList(videos.columns());
        if (!names.contains(VideoColumns.PATH)) {
            throw new IllegalArgumentException(
                    "the videos need a '" + VideoColumns.PATH + "' column (a path or URI); they have " + names);
        }
        Column label = names.contains(VideoColumns.LABEL)
                ? col(VideoColumns.LABEL).cast(DataTypes.IntegerType)
                : lit(null).cast(DataTypes.IntegerType);
        Column index =
                names.contains(VideoColumns.INDEX) ? col(VideoColumns.INDEX).cast(DataTypes.LongType) : lit(0L);
        Dataset<Row> refs = videos.select(
                col(VideoColumns.PATH).cast(DataTypes.StringType).as(VideoColumns.PATH),
                label.as(VideoColumns.LABEL),
                index.as(VideoColumns.INDEX),
                seconds(names, VideoColumns.START),
                seconds(names, VideoColumns.END));
        JavaSparkContext sc =
                JavaSparkContext.fromSparkContext(videos.sparkSession().sparkContext());
        Broadcast<ShippedCheckpoint> shipped = sc.broadcast(model.files());
        return refs.mapPartitions(
                new PartitionPredictor(shipped, model.files().sha256(), options, model.classes()),
                Encoders.row(VideoColumns.results(options)));
    }

    /** A clip-window column as double seconds, null where the input has none. */
    private static Column seconds(List<String> names, String name) {
        return (names.contains(name) ? col(name) : lit(null))
                .cast(DataTypes.DoubleType)
                .as(name);
    }
}
