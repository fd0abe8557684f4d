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
        ClassificationMetrics metrics = new ClassificationMetrics(model.spec().numClasses());
        try (BatchStream<ViewBatch> batches = data.open()) {
            while (batches.hasNext()) {
                score(model, batches.next(), (sample, label, p) -> {
                    metrics.add(p, label);
                    scores.scored(sample, label, p);
                });
            }
        }
        return metrics.result();
    }

    /** Mean view probabilities of each sample in {@code batch}, in the order the samples first appear. */
    public void score(CompiledModel model, ViewBatch batch, SampleScores scores) {
        int classes = model.spec().numClasses();
        Map<Integer, double[]> sums = new LinkedHashMap<>();
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
            for (int r = 0; r < n; r++) {
                double[] p = ClassificationMetrics.softmax(logits, r * classes, classes);
                int s = owner[from + r];
                double[] sum = sums.computeIfAbsent(s, k -> new double[classes]);
                for (int k = 0; k < classes; k++) {
                    sum[k] += p[k];
                }
                counts.merge(s, 1, Integer::sum);
                labels.put(s, label[from + r]);
            }
        }
        for (Map.Entry<Integer, double[]> e : sums.entrySet()) {
            double[] p = e.getValue();
            int c = counts.get(e.getKey());
            for (int k = 0; k < classes; k++) {
                p[k] /= c;
            }
            scores.scored(e.getKey(), labels.get(e.getKey()), p);
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
