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
 * One pass over a loader's samples, as an iterator of batches. Samples are submitted to the workers in epoch
 * order, at most a window ahead of the consumer, and taken back in that order. Use from one thread.
 */
public final class Epoch implements Iterator<LabeledClips>, AutoCloseable {

    private final VideoLoader loader;
    private final int epoch;
    private final int[] order;
    private final Deque<Future<SampleClips>> window = new ArrayDeque<>();
    private final Deque<Integer> windowIndex = new ArrayDeque<>();
    private final List<SkippedSample> skipped = new ArrayList<>();
    private int submitted;
    private int delivered;
    private LabeledClips nextBatch;
    private boolean finished;
    private boolean closed;

    Epoch(VideoLoader loader, int epoch, int[] order) {
        this.loader = loader;
        this.epoch = epoch;
        this.order = order;
        fill();
    }

    public int number() {
        return epoch;
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
        return b;
    }

    /** What the epoch has delivered and skipped so far (complete once {@link #hasNext()} returned false). */
    public EpochReport report() {
        return new EpochReport(epoch, order.length, delivered, skipped);
    }

    private void fill() {
        while (!closed && window.size() < loader.window() && submitted < order.length) {
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
        List<SampleClips> items = new ArrayList<>(batch);
        while (items.size() < batch && !window.isEmpty()) {
            Future<SampleClips> f = window.poll();
            int index = windowIndex.poll();
            try {
                items.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new CancellationException("interrupted while waiting for sample " + index);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof VideoException ve && loader.policy() == BadVideoPolicy.SKIP) {
                    skipped.add(new SkippedSample(index, loader.source().describe(index), ve.kind(), ve.getMessage()));
                } else {
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
            fill();
        }
        if (items.isEmpty() || items.size() < batch && loader.dropLast()) {
            end();
            return null;
        }
        delivered += items.size();
        if (window.isEmpty() && submitted == order.length) {
            end();
        }
        return toBatch(items);
    }

    private void end() {
        if (!finished) {
            finished = true;
            loader.finished(report());
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
