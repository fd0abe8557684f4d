package io.repflow.models.eval;

import io.repflow.api.Checks;
import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.train.BatchStream;
import io.repflow.models.train.ClipDataset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * EVAL-mode evaluation. With several views per video (clips x crops) each view's softmax is
 * computed and the video's prediction is the mean of its views' probabilities. Forward passes take at
 * most {@code batchSize} views at a time.
 */
public final class Evaluator {

    /** Told each sample's mean class probabilities as soon as its views are done. */
    @FunctionalInterface
    public interface SampleScores {
        void scored(int sample, int label, double[] probabilities);
    }

    private final int batchSize;

    public Evaluator(int batchSize) {
        this.batchSize = Checks.atLeast("evaluation batchSize", batchSize, 1);
    }

    /** One view per example. */
    public EvaluationResult evaluate(CompiledModel model, ClipDataset data) {
        return evaluate(model, EvaluationViews.of(data, batchSize));
    }

    /** Views averaged per video. */
    public EvaluationResult evaluate(CompiledModel model, MultiViewDataset data) {
        return evaluate(model, EvaluationViews.of(data, batchSize));
    }

    /** Views averaged per video, from any source of view batches (e.g. a video loader). */
    public EvaluationResult evaluate(CompiledModel model, EvaluationViews data) {
        return evaluate(model, data, (sample, label, p) -> {});
    }

    /** As {@link #evaluate(CompiledModel, EvaluationViews)}, telling {@code scores} each sample's probabilities. */
    public EvaluationResult evaluate(CompiledModel model, EvaluationViews data, SampleScores scores) {
        return results(model, data, r -> scores.scored(r.sample(), r.label(), r.probabilities()));
    }

    /** As {@link #evaluate(CompiledModel, EvaluationViews)}, telling {@code results} each sample's result. */
    public EvaluationResult results(CompiledModel model, EvaluationViews data, Consumer<SampleResult> results) {
        ClassificationMetrics metrics = new ClassificationMetrics(model.spec().numClasses());
        try (BatchStream<ViewBatch> batches = data.open()) {
            while (batches.hasNext()) {
                score(model, null, batches.next(), r -> {
                    metrics.add(r.probabilities(), r.label());
                    results.accept(r);
                });
            }
        }
        return metrics.result();
    }

    /** Mean view probabilities of each sample in {@code batch}, in the order the samples first appear. */
    public void score(CompiledModel model, ViewBatch batch, SampleScores scores) {
        score(model, null, batch, r -> scores.scored(r.sample(), r.label(), r.probabilities()));
    }

    /**
     * Each sample's {@link SampleResult} for {@code batch}, in the order the samples first appear: mean
     * probabilities and logits of its views and, when {@code features} (a model of the same input whose
     * output is a view's feature vector, e.g. compiled from
     * {@link io.repflow.models.spec.FeatureSpecs#pooledFeatures}) is not null, their mean features.
     */
    public void score(CompiledModel model, CompiledModel features, ViewBatch batch, Consumer<SampleResult> results) {
        int classes = model.spec().numClasses();
        int width = features == null ? 0 : features.spec().numClasses();
        Map<Integer, double[][]> sums = new LinkedHashMap<>();
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        Map<Integer, Integer> labels = new LinkedHashMap<>();
        int[] owner = batch.samples();
        int[] label = batch.labels();
        int rows = batch.rows();
        float[] all = rows <= batchSize ? null : batch.clips().toArray();
        int per = batch.clips().size() / rows;
        int[] dims = batch.clips().dims();
        for (int from = 0; from < rows; from += batchSize) {
            int n = Math.min(batchSize, rows - from);
            HostTensor chunk = all == null
                    ? batch.clips()
                    : HostTensor.wrap(
                            Arrays.copyOfRange(all, from * per, (from + n) * per),
                            Shape.of(n, dims[1], dims[2], dims[3], dims[4]));
            float[] logits = model.forward(Mode.EVAL, chunk).toArray();
            float[] feats =
                    features == null ? null : features.forward(Mode.EVAL, chunk).toArray();
            for (int r = 0; r < n; r++) {
                double[] p = ClassificationMetrics.softmax(logits, r * classes, classes);
                int s = owner[from + r];
                double[][] sum = sums.computeIfAbsent(
                        s, k -> new double[][] {new double[classes], new double[classes], new double[width]});
                for (int k = 0; k < classes; k++) {
                    sum[0][k] += p[k];
                    sum[1][k] += logits[r * classes + k];
                }
                for (int k = 0; k < width; k++) {
                    sum[2][k] += feats[r * width + k];
                }
                counts.merge(s, 1, Integer::sum);
                labels.put(s, label[from + r]);
            }
        }
        for (Map.Entry<Integer, double[][]> e : sums.entrySet()) {
            double[][] sum = e.getValue();
            int c = counts.get(e.getKey());
            for (double[] v : sum) {
                for (int k = 0; k < v.length; k++) {
                    v[k] /= c;
                }
            }
            results.accept(new SampleResult(
                    e.getKey(), labels.get(e.getKey()), sum[0], sum[1], features == null ? null : sum[2], c));
        }
    }

    /** {@code [B, C, T, H, W]} from B clips {@code [C, T, H, W]} of one shape. */
    public static HostTensor stack(List<HostTensor> clips) {
        Shape one = clips.get(0).shape();
        int n = one.size();
        float[] data = new float[clips.size() * n];
        for (int i = 0; i < clips.size(); i++) {
            HostTensor c = clips.get(i);
            if (!c.shape().equals(one)) {
                throw new IllegalArgumentException("clip " + i + " has shape " + c.shape() + " but clip 0 has " + one);
            }
            c.copyTo(data, i * n);
        }
        int[] dims = one.dims();
        return HostTensor.wrap(data, Shape.of(clips.size(), dims[0], dims[1], dims[2], dims[3]));
    }
}
