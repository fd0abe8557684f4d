package io.repflow.data.loader;

import io.repflow.api.HostTensor;
import io.repflow.api.Shape;
import io.repflow.data.LabeledClips;
import io.repflow.data.video.VideoException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * One pass over a loader's samples, as an iterator of batches. Batch {@code b} holds the samples at
 * positions {@code b*batchSize .. (b+1)*batchSize-1} of the epoch's order, less the bad videos skipped
 * under {@link BadVideoPolicy#SKIP} (so a batch may be smaller, and a batch of bad videos only is left
 * out): which sample lands in which batch never depends on other samples, and an epoch can start at any
 * batch. Samples are submitted to the workers in epoch order, at most a window ahead of the consumer, and
 * taken back in that order. Use from one thread.
 */
public final class Epoch implements Iterator<LabeledClips>, AutoCloseable {

    private final VideoLoader loader;
    private final int epoch;
    private final int[] order;
    private final int first;
    private final int end;
    private final Deque<Future<SampleClips>> window = new ArrayDeque<>();
    private final Deque<Integer> windowIndex = new ArrayDeque<>();
    private final List<SkippedSample> skipped = new ArrayList<>();
    private int submitted;
    private int taken;
    private int delivered;
    private int batchNumber = -1;
    private int nextBatchNumber = -1;
    private LabeledClips nextBatch;
    private boolean finished;
    private boolean closed;

    Epoch(VideoLoader loader, int epoch, int[] order, int fromBatch) {
        this.loader = loader;
        this.epoch = epoch;
        this.order = order;
        int b = loader.batchSize();
        this.end = loader.dropLast() ? order.length / b * b : order.length;
        this.first = Math.min(end, fromBatch * b);
        this.submitted = first;
        this.taken = first;
        fill();
    }

    public int number() {
        return epoch;
    }

    /** The number (0-based, counting batches of bad videos only) of the batch the last {@link #next()} returned. */
    public int batchNumber() {
        return batchNumber;
    }

    @Override
    public boolean hasNext() {
        if (nextBatch == null && !finished) {
            nextBatch = assemble();
        }
        return nextBatch != null;
    }

    @Override
    public LabeledClips next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " has no more batches");
        }
        LabeledClips b = nextBatch;
        nextBatch = null;
        batchNumber = nextBatchNumber;
        return b;
    }

    /** What the epoch has delivered and skipped so far (complete once {@link #hasNext()} returned false). */
    public EpochReport report() {
        return new EpochReport(epoch, end - first, delivered, skipped);
    }

    private void fill() {
        while (!closed && window.size() < loader.window() && submitted < end) {
            int index = order[submitted++];
            long seed = loader.sampleSeed(epoch, index);
            ClipSource source = loader.source();
            window.add(loader.pool().submit(() -> source.load(index, seed)));
            windowIndex.add(index);
        }
    }

    private LabeledClips assemble() {
        if (closed) {
            throw new IllegalStateException("epoch " + epoch + " is closed");
        }
        int batch = loader.batchSize();
        while (taken < end) {
            int number = taken / batch;
            int stop = Math.min(end, (number + 1) * batch);
            List<SampleClips> items = new ArrayList<>(batch);
            while (taken < stop) {
                SampleClips s = take();
                taken++;
                if (s != null) {
                    items.add(s);
                }
                fill();
            }
            if (!items.isEmpty()) {
                delivered += items.size();
                nextBatchNumber = number;
                if (taken == end) {
                    end();
                }
                return toBatch(items);
            }
        }
        end();
        return null;
    }

    /** The next sample in epoch order, or null when it was a bad video and is skipped. */
    private SampleClips take() {
        Future<SampleClips> f = window.poll();
        int index = windowIndex.poll();
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new CancellationException("interrupted while waiting for sample " + index);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof VideoException ve && loader.policy() == BadVideoPolicy.SKIP) {
                SkippedSample s = new SkippedSample(index, loader.source().describe(index), ve.kind(), ve.getMessage());
                skipped.add(s);
                loader.skipped(epoch, s);
                return null;
            }
            close();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("loading " + loader.source().describe(index) + " failed", cause);
        }
    }

    private void end() {
        if (!finished) {
            finished = true;
            EpochReport report = report();
            if (report.planned() > 0 && report.delivered() == 0) {
                SkippedSample s = skipped.get(0);
                throw new NoUsableSamplesException("all " + report.planned() + " samples of epoch " + epoch
                        + " are bad videos (the first: " + s.kind() + ": " + s.message() + ")");
            }
            loader.finished(report);
        }
    }

    private LabeledClips toBatch(List<SampleClips> items) {
        int[] view = loader.source().viewShape();
        int per = view[0] * view[1] * view[2] * view[3];
        int views = loader.source().viewsPerSample();
        int rows = items.size() * views;
        float[] data = new float[rows * per];
        int[] labels = new int[rows];
        int[] indices = new int[rows];
        int row = 0;
        for (SampleClips s : items) {
            if (s.data().length != views * per) {
                throw new IllegalStateException("sample " + s.index() + " has " + s.data().length + " values but "
                        + views + " views of " + Arrays.toString(view) + " need " + views * per);
            }
            System.arraycopy(s.data(), 0, data, row * per, s.data().length);
            for (int v = 0; v < views; v++) {
                labels[row] = s.label();
                indices[row] = s.index();
                row++;
            }
        }
        return new LabeledClips(
                HostTensor.wrap(data, Shape.of(rows, view[0], view[1], view[2], view[3])), labels, indices);
    }

    /** Cancels the samples still queued or decoding for this epoch. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Future<SampleClips> f : window) {
            f.cancel(true);
        }
        window.clear();
        windowIndex.clear();
    }
}
