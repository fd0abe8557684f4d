package io.repflow.models.train;

import io.repflow.api.Checks;
import io.repflow.api.Seeds;
import io.repflow.models.eval.Evaluator;
import io.repflow.models.spi.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Where the training loop's mini-batches come from: the same batches for the same epoch on every call
 * (all randomness seeded by the run), so a run resumed at (epoch, batch) continues exactly. The
 * {@code repflow} command implements it with repflow-data's parallel {@code VideoLoader}; {@link #of}
 * batches an in-memory {@link ClipDataset} on the calling thread.
 */
public interface TrainingBatches {

    /** Batch numbers of an epoch run 0 .. batchesPerEpoch()-1. */
    int batchesPerEpoch();

    /** Batches {@code fromBatch ..} of epoch {@code epoch}, in order. */
    BatchStream<NumberedBatch> epoch(int epoch, int fromBatch);

    /**
     * {@code data} in batches of {@code batchSize}: epoch e visits it in the order of a Fisher-Yates shuffle
     * seeded by {@code Seeds.splitMix(seed, e)}; the last incomplete batch is dropped.
     */
    static TrainingBatches of(ClipDataset data, int batchSize, long seed) {
        Checks.notNull("training data", data);
        Checks.atLeast("batch size", batchSize, 1);
        int batches = data.size() / batchSize;
        if (batches == 0) {
            throw new IllegalArgumentException(
                    "training set of " + data.size() + " clips is smaller than one batch of " + batchSize);
        }
        return new TrainingBatches() {
            @Override
            public int batchesPerEpoch() {
                return batches;
            }

            @Override
            public BatchStream<NumberedBatch> epoch(int epoch, int fromBatch) {
                int[] order = shuffled(data.size(), Seeds.splitMix(seed, epoch));
                return new BatchStream<>() {
                    private int next = fromBatch;

                    @Override
                    public boolean hasNext() {
                        return next < batches;
                    }

                    @Override
                    public NumberedBatch next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException("epoch " + epoch + " has " + batches + " batches");
                        }
                        List<io.repflow.api.HostTensor> clips = new ArrayList<>(batchSize);
                        int[] labels = new int[batchSize];
                        for (int i = 0; i < batchSize; i++) {
                            LabelledClip c = data.get(order[next * batchSize + i]);
                            clips.add(c.clip());
                            labels[i] = c.label();
                        }
                        return new NumberedBatch(next++, new Batch(Evaluator.stack(clips), labels));
                    }

                    @Override
                    public void close() {}
                };
            }
        };
    }

    private static int[] shuffled(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
