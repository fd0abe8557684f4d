package io.repflow.cli;

import io.repflow.api.HostTensor;
import io.repflow.api.Shape;
import io.repflow.models.eval.EvaluationViews;
import io.repflow.models.eval.ViewBatch;
import io.repflow.models.train.BatchStream;
import java.util.Arrays;

/** Keeps the first view a pass of held-out data delivers (the clip the learned-flow pictures show). */
final class FirstView {

    private HostTensor view;

    /** {@code views}, unchanged, noting the first row of the first batch. */
    EvaluationViews watching(EvaluationViews views) {
        return () -> {
            BatchStream<ViewBatch> inner = views.open();
            return new BatchStream<>() {
                @Override
                public boolean hasNext() {
                    return inner.hasNext();
                }

                @Override
                public ViewBatch next() {
                    ViewBatch b = inner.next();
                    if (view == null) {
                        int[] d = b.clips().dims();
                        int per = b.clips().size() / d[0];
                        view = HostTensor.wrap(
                                Arrays.copyOf(b.clips().toArray(), per), Shape.of(d[1], d[2], d[3], d[4]));
                    }
                    return b;
                }

                @Override
                public int skipped() {
                    return inner.skipped();
                }

                @Override
                public void close() {
                    inner.close();
                }
            };
        };
    }

    /** {@code [3,T,H,W]}, or null before a batch was delivered. */
    HostTensor view() {
        return view;
    }
}
