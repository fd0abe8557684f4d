package io.repflow.models.eval;

import io.repflow.api.Checks;
import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.train.ClipDataset;
import io.repflow.models.train.LabelledClip;
import java.util.ArrayList;
import java.util.List;

/**
 * EVAL-mode evaluation. With several views per video (clips x crops) each view's softmax is
 * computed and the video's prediction is the mean of its views' probabilities.
 */
public final class Evaluator {

    private final int batchSize;

    public Evaluator(int batchSize) {
        this.batchSize = Checks.atLeast("evaluation batchSize", batchSize, 1);
    }

    /** One view per example. */
    public EvaluationResult evaluate(CompiledModel model, ClipDataset data) {
        return evaluate(model, new MultiViewDataset() {
            @Override
            public int size() {
                return data.size();
            }

            @Override
            public MultiViewClip get(int index) {
                LabelledClip c = data.get(index);
                return new MultiViewClip(List.of(c.clip()), c.label());
            }
        });
    }

    /** Views averaged per video. */
    public EvaluationResult evaluate(CompiledModel model, MultiViewDataset data) {
        int classes = model.spec().numClasses();
        ClassificationMetrics metrics = new ClassificationMetrics(classes);
        List<HostTensor> pending = new ArrayList<>();
        List<int[]> owners = new ArrayList<>();
        double[][] sums = new double[data.size()][];
        int[] counts = new int[data.size()];
        int[] labels = new int[data.size()];
        int[] expected = new int[data.size()];
        int next = 0;
        for (int i = 0; i < data.size(); i++) {
            MultiViewClip video = data.get(i);
            labels[i] = video.label();
            expected[i] = video.views().size();
            sums[i] = new double[classes];
            for (int v = 0; v < video.views().size(); v++) {
                pending.add(video.views().get(v));
                owners.add(new int[] {i});
                if (pending.size() == batchSize) {
                    run(model, pending, owners, sums, counts);
                }
            }
            // report videos whose views are all done, in order, to keep memory flat
            while (next <= i && counts[next] == expected[next]) {
                finish(metrics, sums, counts, labels, next++);
            }
        }
        run(model, pending, owners, sums, counts);
        while (next < data.size()) {
            finish(metrics, sums, counts, labels, next++);
        }
        return metrics.result();
    }

    private static void finish(ClassificationMetrics metrics, double[][] sums, int[] counts, int[] labels, int i) {
        double[] p = sums[i];
        for (int k = 0; k < p.length; k++) {
            p[k] /= counts[i];
        }
        metrics.add(p, labels[i]);
        sums[i] = null;
    }

    private static void run(
            CompiledModel model, List<HostTensor> pending, List<int[]> owners, double[][] sums, int[] counts) {
        if (pending.isEmpty()) {
            return;
        }
        HostTensor batch = stack(pending);
        HostTensor logits = model.forward(Mode.EVAL, batch);
        float[] l = logits.toArray();
        int classes = logits.dim(1);
        for (int b = 0; b < pending.size(); b++) {
            double[] p = ClassificationMetrics.softmax(l, b * classes, classes);
            int owner = owners.get(b)[0];
            for (int k = 0; k < classes; k++) {
                sums[owner][k] += p[k];
            }
            counts[owner]++;
        }
        pending.clear();
        owners.clear();
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
