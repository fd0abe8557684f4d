package io.repflow.models.train;

import io.repflow.api.HostTensor;
import io.repflow.models.eval.Evaluator;
import io.repflow.models.spi.Batch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the mini-batches of an epoch ahead of the training step on worker threads (decoding video
 * is slow), in exactly the order and content a sequential loop would: batch b holds
 * {@code data.get(order[b*size .. b*size+size-1])}. With no workers it builds each batch on the
 * calling thread.
 */
final class BatchPrefetcher implements AutoCloseable {

    private final ClipDataset data;
    private final int batchSize;
    private final ExecutorService pool;
    private final int depth;

    BatchPrefetcher(ClipDataset data, int batchSize, int workers) {
        this.data = data;
        this.batchSize = batchSize;
        this.depth = workers + 1;
        AtomicInteger n = new AtomicInteger();
        this.pool = workers == 0
                ? null
                : Executors.newFixedThreadPool(workers, r -> {
                    Thread t = new Thread(r, "repflow-batch-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** The batches {@code from..to-1} of an epoch visiting {@code order}, in order. */
    Iterable<Batch> batches(int[] order, int from, int to) {
        return () -> new java.util.Iterator<>() {
            private final Deque<Future<Batch>> ahead = new ArrayDeque<>();
            private int next = from;
            private int submitted = from;

            @Override
            public boolean hasNext() {
                return next < to;
            }

            @Override
            public Batch next() {
                if (pool == null) {
                    return build(order, next++);
                }
                while (submitted < to && submitted < next + depth) {
                    int b = submitted++;
                    ahead.add(pool.submit(() -> build(order, b)));
                }
                next++;
                try {
                    return ahead.removeFirst().get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for a batch", e);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException("building a batch failed: " + cause, cause);
                }
            }
        };
    }

    private Batch build(int[] order, int b) {
        List<HostTensor> clips = new ArrayList<>(batchSize);
        int[] labels = new int[batchSize];
        for (int i = 0; i < batchSize; i++) {
            LabelledClip c = data.get(order[b * batchSize + i]);
            clips.add(c.clip());
            labels[i] = c.label();
        }
        return new Batch(Evaluator.stack(clips), labels);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
