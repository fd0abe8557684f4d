package io.repflow.data.loader;

import io.repflow.data.synthetic.SyntheticMotion;

/**
 * Clips {@code first .. first+count-1} of a {@link SyntheticMotion} dataset as a loader source (one view
 * each): e.g. training clips from 0 and held-out clips from an index the training set never reaches.
 */
public final class SyntheticClipSource implements ClipSource {

    private final SyntheticMotion data;
    private final long first;
    private final int count;

    /** The first {@code count} clips. */
    public SyntheticClipSource(SyntheticMotion data, int count) {
        this(data, 0, count);
    }

    public SyntheticClipSource(SyntheticMotion data, long first, int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive but is " + count);
        }
        if (first < 0) {
            throw new IllegalArgumentException("first must be >= 0 but is " + first);
        }
        this.data = data;
        this.first = first;
        this.count = count;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public int numClasses() {
        return data.numClasses();
    }

    @Override
    public int viewsPerSample() {
        return 1;
    }

    @Override
    public int[] viewShape() {
        return new int[] {3, data.frames(), data.height(), data.width()};
    }

    /** Synthetic clips ignore the seed: clip {@code index} is fixed by the dataset's own seed. */
    @Override
    public SampleClips load(int index, long seed) {
        return new SampleClips(
                index, data.label(first + index), 1, data.clip(first + index).toArray());
    }

    @Override
    public String describe(int index) {
        return "synthetic clip " + (first + index);
    }
}
