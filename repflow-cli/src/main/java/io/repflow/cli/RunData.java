package io.repflow.cli;

import io.repflow.data.dataset.VideoDataset;
import io.repflow.data.loader.ClipSource;
import io.repflow.data.loader.SyntheticClipSource;
import io.repflow.data.loader.VideoClipSource;
import io.repflow.data.sampling.ClipSampler;
import io.repflow.data.synthetic.SyntheticMotion;
import io.repflow.data.transform.ClipTransform;
import io.repflow.data.transform.ValueMapping;
import io.repflow.models.spec.ClipShape;
import java.util.List;

/**
 * The data of a run as loader sources: training clips (one random clip per video, random crop and flip),
 * held-out clips for per-epoch validation (one centre clip; null without a held-out set), the multi-view
 * test set of the final evaluation ({@code clips x crops} per video), class names and clip shape.
 */
record RunData(
        String name, ClipSource train, ClipSource validation, ClipSource test, List<String> classes, ClipShape clip) {

    /** Held-out synthetic clips start here, an index the training set never reaches. */
    static final long SYNTHETIC_HELD_OUT = 1_000_000L;

    /** Short side the video frames are scaled to before cropping (the 128 → 112 convention). */
    static int shortSide(int crop) {
        return Math.round(crop * 128f / 112f);
    }

    /** @param mapping how 8-bit video values become the network's input (synthetic clips keep their own) */
    static RunData of(DataOptions d, long seed, ValueMapping mapping, int clips, int crops) {
        ClipShape shape = ClipShape.rgb(d.frames(), d.size());
        if (d.kind == DataOptions.Kind.SYNTHETIC) {
            if (d.trainClips < 1 || d.valClips < 1) {
                throw new UsageException("--train-clips and --val-clips must be >= 1");
            }
            SyntheticMotion data = d.synthetic(seed);
            ClipSource held = new SyntheticClipSource(data, SYNTHETIC_HELD_OUT, d.valClips);
            return new RunData(
                    "synthetic-" + data.numClasses(),
                    new SyntheticClipSource(data, 0, d.trainClips),
                    held,
                    held,
                    data.classNames(),
                    shape);
        }
        return of(d, d.training(), d.heldOut(), mapping, clips, crops, shape);
    }

    /** Only the held-out data (for {@code eval}: no training set is read); test and validation may be null. */
    static RunData heldOut(DataOptions d, long seed, ValueMapping mapping, int clips, int crops) {
        if (d.kind == DataOptions.Kind.SYNTHETIC) {
            return of(d, seed, mapping, clips, crops);
        }
        VideoDataset held = d.heldOut();
        return of(d, null, held, mapping, clips, crops, ClipShape.rgb(d.frames(), d.size()));
    }

    private static RunData of(
            DataOptions d,
            VideoDataset trainSet,
            VideoDataset heldSet,
            ValueMapping mapping,
            int clips,
            int crops,
            ClipShape shape) {
        VideoDataset[] v = {trainSet, heldSet};
        ClipSampler sampler = ClipSampler.stride(d.frames(), d.stride);
        int side = shortSide(d.size());
        ClipTransform testing = ClipTransform.testing(side, d.size()).withMapping(mapping);
        ClipSource train = v[0] == null
                ? null
                : VideoClipSource.training(
                        v[0], sampler, ClipTransform.training(side, d.size()).withMapping(mapping));
        ClipSource validation = null;
        ClipSource test = null;
        if (v[1] != null) {
            if (v[0] != null && !v[1].classes().equals(v[0].classes())) {
                throw new UsageException("the validation set's classes differ from the training set's ("
                        + v[1].numClasses() + " vs " + v[0].numClasses() + ")");
            }
            validation = VideoClipSource.testing(v[1], sampler, testing, 1);
            test = TestViews.testing(v[1], sampler, testing, clips, crops);
        }
        VideoDataset named = v[0] != null ? v[0] : v[1];
        if (named == null) {
            throw new UsageException(
                    "no held-out set: give --val-root, --val-list or --val-csv (hmdb51/ucf101 use the split's test list)");
        }
        return new RunData(named.name(), train, validation, test, named.classes(), shape);
    }
}
