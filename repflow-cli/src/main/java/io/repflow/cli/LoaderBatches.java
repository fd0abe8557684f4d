package io.repflow.cli;

import io.repflow.data.LabeledClips;
import io.repflow.data.loader.BadVideoPolicy;
import io.repflow.data.loader.ClipSource;
import io.repflow.data.loader.Epoch;
import io.repflow.data.loader.VideoLoader;
import io.repflow.models.spi.Batch;
import io.repflow.models.train.BatchStream;
import io.repflow.models.train.NumberedBatch;
import io.repflow.models.train.TrainingBatches;

/**
 * The training loop's batches from repflow-data's {@link VideoLoader}: shuffled per epoch, parallel decode
 * workers, the last incomplete batch dropped, bad videos skipped (smaller batches, numbers kept) and
 * recorded in the {@link SkipLog}, or failing the run, as the policy says.
 */
final class LoaderBatches implements TrainingBatches, AutoCloseable {

    private final VideoLoader loader;
    private final SkipLog skips;

    LoaderBatches(ClipSource source, int batchSize, int workers, long seed, BadVideoPolicy policy, SkipLog skips) {
        if (source.size() < batchSize) {
            throw new UsageException("the training set has " + source.size() + " samples, fewer than one batch of "
                    + batchSize + "; pass a smaller --batch");
        }
        this.loader = VideoLoader.builder(source)
                .batchSize(batchSize)
                .workers(workers)
                .prefetchBatches(2)
                .dropLast(true)
                .seed(seed)
                .policy(policy)
                .name("repflow-train")
                .build();
        this.skips = skips;
    }

    @Override
    public int batchesPerEpoch() {
        return loader.batchesPerEpoch();
    }

    @Override
    public BatchStream<NumberedBatch> epoch(int epoch, int fromBatch) {
        Epoch e = loader.epoch(epoch, fromBatch);
        return new BatchStream<>() {
            private boolean recorded;

            @Override
            public boolean hasNext() {
                boolean more = e.hasNext();
                if (!more && !recorded) {
                    recorded = true;
                    skips.record("train", e.report());
                }
                return more;
            }

            @Override
            public NumberedBatch next() {
                LabeledClips b = e.next();
                return new NumberedBatch(e.batchNumber(), new Batch(b.clips(), b.labels()));
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
