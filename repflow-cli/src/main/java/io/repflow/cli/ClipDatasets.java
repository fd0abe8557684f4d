package io.repflow.cli;

import io.repflow.api.HostTensor;
import io.repflow.api.Shape;
import io.repflow.data.loader.ClipSource;
import io.repflow.data.loader.SampleClips;
import io.repflow.data.synthetic.SyntheticMotion;
import io.repflow.models.eval.MultiViewClip;
import io.repflow.models.eval.MultiViewDataset;
import io.repflow.models.train.ClipDataset;
import io.repflow.models.train.LabelledClip;
import java.util.ArrayList;
import java.util.List;

/**
 * Where repflow-data meets the training loop: its synthetic set and clip sources seen as
 * repflow-models' random-access datasets. Each index always yields the same clip (the sampling and
 * augmentation seed is derived from the run seed and the index), as the loop's exact resume needs.
 */
final class ClipDatasets {

    private ClipDatasets() {}

    /** Synthetic clips {@code first .. first+count-1}. */
    static ClipDataset synthetic(SyntheticMotion data, long first, int count) {
        return new ClipDataset() {
            @Override
            public int size() {
                return count;
            }

            @Override
            public LabelledClip get(int index) {
                return new LabelledClip(data.clip(first + index), data.label(first + index));
            }
        };
    }

    /** One view per sample of {@code source} (a training source). */
    static ClipDataset clips(ClipSource source, long seed) {
        Shape shape = Shape.of(source.viewShape());
        return new ClipDataset() {
            @Override
            public int size() {
                return source.size();
            }

            @Override
            public LabelledClip get(int index) {
                SampleClips s = source.load(index, seed * 0x9E3779B97F4A7C15L + index);
                float[] view = java.util.Arrays.copyOf(s.data(), shape.size());
                return new LabelledClip(HostTensor.wrap(view, shape), s.label());
            }
        };
    }

    /** Every view (clips x crops x flips) of each sample of a testing source. */
    static MultiViewDataset views(ClipSource source, long seed) {
        Shape shape = Shape.of(source.viewShape());
        int per = shape.size();
        return new MultiViewDataset() {
            @Override
            public int size() {
                return source.size();
            }

            @Override
            public MultiViewClip get(int index) {
                SampleClips s = source.load(index, seed * 0x9E3779B97F4A7C15L + index);
                List<HostTensor> views = new ArrayList<>(s.views());
                for (int v = 0; v < s.views(); v++) {
                    views.add(HostTensor.wrap(java.util.Arrays.copyOfRange(s.data(), v * per, (v + 1) * per), shape));
                }
                return new MultiViewClip(views, s.label());
            }
        };
    }

    /** The synthetic set's held-out clips as single-view samples. */
    static MultiViewDataset views(ClipDataset data) {
        return new MultiViewDataset() {
            @Override
            public int size() {
                return data.size();
            }

            @Override
            public MultiViewClip get(int index) {
                LabelledClip c = data.get(index);
                return new MultiViewClip(List.of(c.clip()), c.label());
            }
        };
    }
}
