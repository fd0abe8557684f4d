package io.repflow.cli;

import io.repflow.data.LabeledClips;
import io.repflow.data.loader.BadVideoPolicy;
import io.repflow.data.loader.ClipSource;
import io.repflow.data.loader.Epoch;
import io.repflow.data.loader.VideoLoader;
import io.repflow.models.eval.EvaluationViews;
import io.repflow.models.eval.ViewBatch;
import io.repflow.models.train.BatchStream;

/**
 * Held-out views (clips x crops x flips per video) from repflow-data's {@link VideoLoader}, in dataset order,
 * the same on every pass; bad videos are skipped and recorded in the {@link SkipLog} under {@code phase}, or
 * fail the pass, as the policy says.
 */
final class LoaderViews implements EvaluationViews, AutoCloseable {

    private final VideoLoader loader;
    private final SkipLog skips;
    private final String phase;

    /** @param rows about how many views a loader batch holds (whole samples, at least one) */
    LoaderViews(
            ClipSource source, int rows, int workers, long seed, BadVideoPolicy policy, SkipLog skips, String phase) {
        this.loader = VideoLoader.builder(source)
                .batchSize(Math.max(1, rows / source.viewsPerSample()))
                .workers(workers)
                .prefetchBatches(2)
                .shuffle(false)
                .seed(seed)
                .policy(policy)
                .name("repflow-" + phase)
                .build();
        this.skips = skips;
        this.phase = phase;
    }

    int size() {
        return loader.source().size();
    }

    @Override
    public BatchStream<ViewBatch> open() {
        // epoch 0 every time: the same views on every pass
        Epoch e = loader.epoch(0);
        return new BatchStream<>() {
            private boolean recorded;

            @Override
            public boolean hasNext() {
                boolean more = e.hasNext();
                if (!more && !recorded) {
                    recorded = true;
                    skips.record(phase, 0, e.report());
                }
                return more;
            }

            @Override
            public ViewBatch next() {
                StopSignals.check();
                LabeledClips b = e.next();
                return new ViewBatch(b.clips(), b.labels(), b.sampleIndices());
            }

            @Override
            public int skipped() {
                return e.report().skippedCount();
            }

            @Override
            public void close() {
                e.close();
            }
        };
    }

    @Override
    public void close() {
        loader.close();
    }
}
