package io.repflow.data.loader;

import io.repflow.data.synthetic.SyntheticMotion;

/** The first {@code count} clips of a {@link SyntheticMotion} dataset as a loader source (one view each). */
public final class SyntheticClipSource implements ClipSource {

    private final SyntheticMotion data;
    private final int count;

    public SyntheticClipSource(SyntheticMotion data, int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive but is " + count);
        }
        this.data = data;
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
        return new SampleClips(index, data.label(index), 1, data.clip(index).toArray());
    }

    @Override
    public String describe(int index) {
        return "synthetic clip " + index;
    }
}
