package io.repflow.models.eval;

import io.repflow.api.Checks;
import io.repflow.api.HostTensor;
import io.repflow.models.train.BatchStream;
import io.repflow.models.train.ClipDataset;
import io.repflow.models.train.LabelledClip;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Held-out data for {@link Evaluator}: every {@link #open()} is a fresh pass with the same views. The
 * {@code repflow} command implements it with repflow-data's {@code VideoLoader} (multi-clip x multi-crop
 * test sources); {@link #of} adapts in-memory datasets.
 */
@FunctionalInterface
public interface EvaluationViews {

    /** A pass over every sample's views. */
    BatchStream<ViewBatch> open();

    /** Each sample's views, about {@code rows} rows per batch (a sample's views are never split). */
    static EvaluationViews of(MultiViewDataset data, int rows) {
        Checks.notNull("evaluation data", data);
        Checks.atLeast("rows per batch", rows, 1);
        return () -> new BatchStream<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < data.size();
            }

            @Override
            public ViewBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("all " + data.size() + " samples were given");
                }
                List<HostTensor> views = new ArrayList<>();
                List<Integer> owners = new ArrayList<>();
                List<Integer> labels = new ArrayList<>();
                while (next < data.size() && (views.isEmpty() || views.size() < rows)) {
                    MultiViewClip c = data.get(next);
                    for (HostTensor v : c.views()) {
                        views.add(v);
                        owners.add(next);
                        labels.add(c.label());
                    }
                    next++;
                }
                return new ViewBatch(
                        Evaluator.stack(views),
                        labels.stream().mapToInt(Integer::intValue).toArray(),
                        owners.stream().mapToInt(Integer::intValue).toArray());
            }

            @Override
            public void close() {}
        };
    }

    /** One view per clip. */
    static EvaluationViews of(ClipDataset data, int rows) {
        Checks.notNull("evaluation data", data);
        return of(
                new MultiViewDataset() {
                    @Override
                    public int size() {
                        return data.size();
                    }

                    @Override
                    public MultiViewClip get(int index) {
                        LabelledClip c = data.get(index);
                        return new MultiViewClip(List.of(c.clip()), c.label());
                    }
                },
                rows);
    }
}
