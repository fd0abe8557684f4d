package io.repflow.data.loader;

import io.repflow.api.Seeds;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches a {@link ClipSource} with parallel decode workers and a bounded prefetch window.
 *
 * <p>Determinism: the sample order of epoch {@code e} is a permutation seeded by (seed, e), and sample
 * {@code i}'s random choices (clip start, crops, flips) are seeded by (seed, e, i). Workers only compute;
 * results are taken in order. So the batches are the same on every run and for any number of workers.
 *
 * <p>Memory: at most {@code prefetchBatches × batchSize} samples are decoded or waiting at any time.
 * Closing the loader stops its worker threads.
 *
 * <pre>{@code
 * try (VideoLoader loader = VideoLoader.builder(source).batchSize(8).workers(2).seed(1).build()) {
 *     try (Epoch epoch = loader.epoch(0)) {
 *         while (epoch.hasNext()) {
 *             LabeledClips batch = epoch.next();   // [8*views, 3, T, H, W]
 *         }
 *         EpochReport report = epoch.report();     // skipped bad videos, if any
 *     }
 * }
 * }</pre>
 */
public final class VideoLoader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VideoLoader.class);
    private static final long SHUFFLE_SALT = 0x5348554646L;

    private final ClipSource source;
    private final int batchSize;
    private final int workers;
    private final int prefetchBatches;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long seed;
    private final BadVideoPolicy policy;
    private final ExecutorService pool;
    /** Every worker thread made, so close() can wait for each to end. */
    private final java.util.List<Thread> threads;

    private final String threadPrefix;
    private final java.util.Set<Integer> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile EpochReport lastReport;
    private Epoch open;
    private boolean closed;

    private VideoLoader(Builder b) {
        this.source = b.source;
        this.batchSize = b.batchSize;
        this.workers = b.workers;
        this.prefetchBatches = b.prefetchBatches;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
        this.seed = b.seed;
        this.policy = b.policy;
        this.threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        this.threadPrefix = b.name + "-" + Integer.toHexString(System.identityHashCode(this)) + "-worker-";
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, threadPrefix + n.incrementAndGet());
            t.setDaemon(true);
            threads.add(t);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(workers, factory);
    }

    public static Builder builder(ClipSource source) {
        return new Builder(source);
    }

    public ClipSource source() {
        return source;
    }

    public int batchSize() {
        return batchSize;
    }

    public int workers() {
        return workers;
    }

    /** Prefix of the worker threads' names (for monitoring and tests). */
    public String threadPrefix() {
        return threadPrefix;
    }

    /** Batches per epoch when no sample is skipped. */
    public int batchesPerEpoch() {
        int n = source.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /**
     * Starts epoch {@code epoch} (any number ≥ 0; the same number gives the same batches). An epoch still open
     * from before is closed first.
     */
    public synchronized Epoch epoch(int epoch) {
        return epoch(epoch, 0);
    }

    /**
     * Starts epoch {@code epoch} at batch {@code fromBatch}: the batches are those the whole epoch would give
     * from that one on (a resumed run continues exactly), and the samples of earlier batches are not loaded.
     */
    public synchronized Epoch epoch(int epoch, int fromBatch) {
        if (fromBatch < 0) {
            throw new IllegalArgumentException("fromBatch must be >= 0 but is " + fromBatch);
        }
        if (closed) {
            throw new IllegalStateException("the loader is closed");
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0 but is " + epoch);
        }
        if (open != null) {
            open.close();
        }
        open = new Epoch(this, epoch, order(epoch), fromBatch);
        return open;
    }

    /** The report of the last epoch that ran to its end, or null. */
    public EpochReport lastReport() {
        return lastReport;
    }

    int[] order(int epoch) {
        int n = source.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            java.util.SplittableRandom rng = new java.util.SplittableRandom(Seeds.mix(seed, epoch, SHUFFLE_SALT));
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    long sampleSeed(int epoch, int index) {
        return sampleSeed(seed, epoch, index);
    }

    /**
     * The seed of sample {@code index}'s random choices in epoch {@code epoch} of a loader seeded with
     * {@code seed}: whoever decodes one sample alone (e.g. a Spark task) gets the loader's views with it.
     */
    public static long sampleSeed(long seed, int epoch, int index) {
        return Seeds.mix(seed, epoch, index);
    }

    ExecutorService pool() {
        return pool;
    }

    int window() {
        return Math.max(batchSize, prefetchBatches * batchSize);
    }

    boolean dropLast() {
        return dropLast;
    }

    BadVideoPolicy policy() {
        return policy;
    }

    /** One warning line the first time a sample is skipped by this loader (it is counted every epoch). */
    void skipped(int epoch, SkippedSample s) {
        if (warned.add(s.index())) {
            LOG.warn("skipping bad video {} (epoch {}): {}: {}", s.source(), epoch, s.kind(), s.message());
        }
    }

    void finished(EpochReport report) {
        lastReport = report;
        if (report.skippedCount() > 0) {
            LOG.warn(
                    "epoch {}: skipped {} of {} samples as bad videos",
                    report.epoch(),
                    report.skippedCount(),
                    report.planned());
        }
    }

    /** Stops the workers (running decodes finish, queued ones are dropped) and waits up to 30 s for them. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (open != null) {
            open.close();
        }
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("loader workers {}* did not stop within 30 s", threadPrefix);
            }
            // a terminated pool's threads may still be finishing their exit; wait for them
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Loader settings; defaults: batch 8, 2 workers, 2 batches prefetched, shuffled, seed 0, FAIL. */
    public static final class Builder {
        private final ClipSource source;
        private int batchSize = 8;
        private int workers = 2;
        private int prefetchBatches = 2;
        private boolean shuffle = true;
        private boolean dropLast;
        private long seed;
        private BadVideoPolicy policy = BadVideoPolicy.FAIL;
        private String name = "repflow-loader";

        private Builder(ClipSource source) {
            this.source = Objects.requireNonNull(source, "source");
            if (source.size() <= 0) {
                throw new IllegalArgumentException("the clip source is empty");
            }
        }

        /** Samples per batch (a batch holds {@code batchSize × viewsPerSample} clips). */
        public Builder batchSize(int batchSize) {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batch size must be positive but is " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Decode threads. */
        public Builder workers(int workers) {
            if (workers <= 0) {
                throw new IllegalArgumentException("workers must be positive but is " + workers);
            }
            this.workers = workers;
            return this;
        }

        /** Batches decoded ahead of the consumer (bounds memory). */
        public Builder prefetchBatches(int prefetchBatches) {
            if (prefetchBatches <= 0) {
                throw new IllegalArgumentException("prefetch must be positive but is " + prefetchBatches);
            }
            this.prefetchBatches = prefetchBatches;
            return this;
        }

        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Drop a last batch smaller than the batch size. */
        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder policy(BadVideoPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Prefix of worker thread names. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        public VideoLoader build() {
            return new VideoLoader(this);
        }
    }
}
