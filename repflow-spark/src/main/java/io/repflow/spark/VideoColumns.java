package io.repflow.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns of the input (video references) and of the results. Input: {@code path} (string, a
 * local path or a URI Hadoop can read, required), {@code label} (int, optional), {@code index} (long,
 * optional: the video's position in its list, which random crops are drawn from, as in
 * {@code repflow eval}; 0 when absent), {@code start} and {@code end} (double seconds, optional, each may
 * be null: the clip window {@code [start, end)} clips are sampled from, see
 * {@link io.repflow.data.sampling.ClipWindow}; the whole video when absent). Results: the input's five, {@code error} (null when the video
 * was read, else why not, and then no scores), {@code views}, {@code top_classes}, {@code top_names},
 * {@code top_scores} (mean softmax over the views, best first), {@code logits} (mean over the views),
 * and when asked for {@code features} (pooled, mean over the views) and {@code probabilities} (every
 * class's mean softmax).
 */
public final class VideoColumns {

    public static final String PATH = "path";
    public static final String LABEL = "label";
    public static final String INDEX = "index";
    public static final String START = "start";
    public static final String END = "end";
    public static final String ERROR = "error";
    public static final String VIEWS = "views";
    public static final String TOP_CLASSES = "top_classes";
    public static final String TOP_NAMES = "top_names";
    public static final String TOP_SCORES = "top_scores";
    public static final String LOGITS = "logits";
    public static final String FEATURES = "features";
    public static final String PROBABILITIES = "probabilities";

    private VideoColumns() {}

    /** The schema of video references with the optional columns present ({@code window}: start and end). */
    public static StructType input(boolean label, boolean index, boolean window) {
        StructType s = new StructType().add(PATH, DataTypes.StringType, false);
        if (label) {
            s = s.add(LABEL, DataTypes.IntegerType, true);
        }
        if (index) {
            s = s.add(INDEX, DataTypes.LongType, false);
        }
        if (window) {
            s = s.add(START, DataTypes.DoubleType, true).add(END, DataTypes.DoubleType, true);
        }
        return s;
    }

    /** The schema of the results for {@code options}. */
    public static StructType results(InferenceOptions options) {
        List<StructField> f = new ArrayList<>(List.of(
                field(PATH, DataTypes.StringType),
                field(LABEL, DataTypes.IntegerType),
                field(INDEX, DataTypes.LongType),
                field(START, DataTypes.DoubleType),
                field(END, DataTypes.DoubleType),
                field(ERROR, DataTypes.StringType),
                field(VIEWS, DataTypes.IntegerType),
                field(TOP_CLASSES, DataTypes.createArrayType(DataTypes.IntegerType, false)),
                field(TOP_NAMES, DataTypes.createArrayType(DataTypes.StringType, false)),
                field(TOP_SCORES, DataTypes.createArrayType(DataTypes.DoubleType, false)),
                field(LOGITS, DataTypes.createArrayType(DataTypes.DoubleType, false))));
        if (options.features()) {
            f.add(field(FEATURES, DataTypes.createArrayType(DataTypes.DoubleType, false)));
        }
        if (options.probabilities()) {
            f.add(field(PROBABILITIES, DataTypes.createArrayType(DataTypes.DoubleType, false)));
        }
        return DataTypes.createStructType(f);
    }

    private static StructField field(String name, DataType type) {
        return DataTypes.createStructField(name, type, true);
    }
}
