package io.repflow.spark;

import io.repflow.api.HostTensor;
import io.repflow.api.Shape;
import io.repflow.data.loader.SampleClips;
import io.repflow.data.sampling.ClipWindow;
import io.repflow.models.eval.Evaluator;
import io.repflow.models.eval.SampleResult;
import io.repflow.models.eval.ViewBatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.collection.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * One task's work: the rows of a partition, lazily, through the executor's cached model. Each video is
 * decoded exactly as {@code repflow predict}/{@code eval} decode it ({@link io.repflow.cli.TestViews}),
 * its views are batched with other videos' and scored by repflow-models' {@link Evaluator} (the
 * multi-view scoring {@code repflow eval} and {@code predict} use); a video that cannot be read becomes a
 * row with its error and no scores.
 */
final class PartitionPredictor implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final Broadcast<ShippedCheckpoint> checkpoint;
    private final String sha256;
    private final InferenceOptions options;
    private final List<String> classes;

    PartitionPredictor(
            Broadcast<ShippedCheckpoint> checkpoint, String sha256, InferenceOptions options, List<String> classes) {
        this.checkpoint = checkpoint;
        this.sha256 = sha256;
        this.options = options;
        this.classes = new ArrayList<>(classes);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        ExecutorModels.Loaded loaded = ExecutorModels.get(checkpoint, sha256, options);
        Evaluator evaluator = new Evaluator(options.batch());
        return new Iterator<>() {
            private final Deque<Row> ready = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                if (ready.isEmpty() && rows.hasNext()) {
                    step();
                }
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.pollFirst();
            }

            /** Decodes videos until about a batch of views is there, then scores them as one view batch. */
            private void step() {
                List<Row> inputs = new ArrayList<>();
                List<SampleClips> decoded = new ArrayList<>();
                int views = 0;
                while (views < options.batch() && rows.hasNext()) {
                    Row in = rows.next();
                    try {
                        SampleClips s = decode(in);
                        inputs.add(in);
                        decoded.add(s);
                        views += s.views();
                    } catch (RuntimeException e) {
                        ready.add(failed(in, e));
                    }
                }
                if (decoded.isEmpty()) {
                    return;
                }
                ViewBatch batch = batch(decoded);
                synchronized (loaded) {
                    evaluator.score(
                            loaded.model(),
                            loaded.features(),
                            batch,
                            r -> ready.add(result(inputs.get(r.sample()), r)));
                }
            }
        };
    }

    /** Rows of several videos' views; sample numbers are positions in {@code decoded}. */
    private ViewBatch batch(List<SampleClips> decoded) {
        int[] shape = options.views().viewShape();
        int per = shape[0] * shape[1] * shape[2] * shape[3];
        int rows = decoded.stream().mapToInt(SampleClips::views).sum();
        float[] data = new float[rows * per];
        int[] labels = new int[rows];
        int[] samples = new int[rows];
        int r = 0;
        for (int i = 0; i < decoded.size(); i++) {
            SampleClips s = decoded.get(i);
            System.arraycopy(s.data(), 0, data, r * per, s.views() * per);
            for (int v = 0; v < s.views(); v++, r++) {
                labels[r] = Math.max(s.label(), 0);
                samples[r] = i;
            }
        }
        return new ViewBatch(
                HostTensor.wrap(data, Shape.of(rows, shape[0], shape[1], shape[2], shape[3])), labels, samples);
    }

    private SampleClips decode(Row in) {
        String path = in.getString(in.fieldIndex(VideoColumns.PATH));
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("the row has no path");
        }
        Integer label = label(in);
        ClipWindow window = ClipWindow.of(seconds(in, VideoColumns.START), seconds(in, VideoColumns.END));
        try (LocalVideo video = LocalVideo.of(path)) {
            return options.views().load(video.file(), label == null ? -1 : label, (int) index(in), window);
        }
    }

    private static Double seconds(Row in, String name) {
        int i = fieldIndex(in, name);
        return i < 0 || in.isNullAt(i) ? null : in.getDouble(i);
    }

    private static Integer label(Row in) {
        int i = fieldIndex(in, VideoColumns.LABEL);
        return i < 0 || in.isNullAt(i) ? null : in.getInt(i);
    }

    private static long index(Row in) {
        int i = fieldIndex(in, VideoColumns.INDEX);
        return i < 0 || in.isNullAt(i) ? 0 : in.getLong(i);
    }

    private static int fieldIndex(Row in, String name) {
        return java.util.Arrays.asList(in.schema().fieldNames()).indexOf(name);
    }

    private Row failed(Row in, RuntimeException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Object[] values = new Object[VideoColumns.results(options).size()];
        values[0] = in.getString(in.fieldIndex(VideoColumns.PATH));
        values[1] = label(in);
        values[2] = index(in);
        values[3] = seconds(in, VideoColumns.START);
        values[4] = seconds(in, VideoColumns.END);
        values[5] = why.replace('\n', ' ');
        return RowFactory.create(values);
    }

    private Row result(Row in, SampleResult p) {
        int[] top = p.top(options.top());
        List<Integer> topClasses = new ArrayList<>();
        List<String> topNames = new ArrayList<>();
        List<Double> topScores = new ArrayList<>();
        for (int k : top) {
            topClasses.add(k);
            topNames.add(classes.get(k));
            topScores.add(p.probabilities()[k]);
        }
        List<Object> values = new ArrayList<>(java.util.Arrays.asList(
                in.getString(in.fieldIndex(VideoColumns.PATH)),
                label(in),
                index(in),
                seconds(in, VideoColumns.START),
                seconds(in, VideoColumns.END),
                null,
                p.views(),
                seq(topClasses),
                seq(topNames),
                seq(topScores),
                boxed(p.logits())));
        if (options.features()) {
            values.add(boxed(p.features()));
        }
        if (options.probabilities()) {
            values.add(boxed(p.probabilities()));
        }
        return RowFactory.create(values.toArray());
    }

    private static Seq<Double> boxed(double[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (double d : v) {
            out.add(d);
        }
        return seq(out);
    }

    /** An array column's value as a Row carries it: a Scala sequence. */
    private static <E> Seq<E> seq(List<E> values) {
        return CollectionConverters.asScala(values);
    }
}
