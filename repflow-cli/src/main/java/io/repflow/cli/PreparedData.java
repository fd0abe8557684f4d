package io.repflow.cli;

import io.repflow.data.dataset.VideoDataset;
import io.repflow.data.loader.VideoClipSource;
import io.repflow.data.sampling.ClipSampler;
import io.repflow.data.synthetic.SyntheticMotion;
import io.repflow.data.transform.ClipTransform;
import io.repflow.models.eval.MultiViewDataset;
import io.repflow.models.spec.ClipShape;
import io.repflow.models.train.ClipDataset;
import java.util.List;

/**
 * The data of a run: training clips, held-out clips for per-epoch validation (may be null), the
 * multi-view test set for the final evaluation, class names and clip shape.
 */
record PreparedData(
        String name,
        ClipDataset train,
        ClipDataset validation,
        MultiViewDataset test,
        List<String> classes,
        ClipShape clip) {

    /** Short side the video frames are scaled to before cropping (the 128 → 112 convention). */
    static int shortSide(int crop) {
        return Math.round(crop * 128f / 112f);
    }

    static PreparedData of(DataOptions d, long seed, int clips, int crops) {
        ClipShape shape = ClipShape.rgb(d.frames(), d.size());
        if (d.kind == DataOptions.Kind.SYNTHETIC) {
            if (d.trainClips < 1 || d.valClips < 1) {
                throw new UsageException("--train-clips and --val-clips must be >= 1");
            }
            SyntheticMotion data = d.synthetic(seed);
            ClipDataset train = ClipDatasets.synthetic(data, 0, d.trainClips);
            // held-out clips come from indices the training set never uses
            ClipDataset held = ClipDatasets.synthetic(data, 1_000_000L, d.valClips);
            return new PreparedData(
                    "synthetic-" + data.numClasses(), train, held, ClipDatasets.views(held), data.classNames(), shape);
        }
        VideoDataset[] v = d.videos();
        ClipSampler sampler = ClipSampler.stride(d.frames(), d.stride);
        VideoClipSource train =
                VideoClipSource.training(v[0], sampler, ClipTransform.training(shortSide(d.size()), d.size()));
        ClipDataset validation = null;
        MultiViewDataset test = null;
        if (v[1] != null) {
            if (!v[1].classes().equals(v[0].classes())) {
                throw new UsageException("the validation set's classes differ from the training set's ("
                        + v[1].numClasses() + " vs " + v[0].numClasses() + ")");
            }
            validation = ClipDatasets.clips(
                    VideoClipSource.testing(v[1], sampler, ClipTransform.testing(shortSide(d.size()), d.size()), 1),
                    seed);
            test = ClipDatasets.views(
                    VideoClipSource.testing(
                            v[1],
                            sampler,
                            ClipTransform.testing(shortSide(d.size()), d.size()).withCrop(crops(crops)),
                            clips),
                    seed);
        }
        return new PreparedData(v[0].name(), ClipDatasets.clips(train, seed), validation, test, v[0].classes(), shape);
    }

    private static io.repflow.data.transform.Crop crops(int n) {
        return n <= 1 ? io.repflow.data.transform.Crop.center() : io.repflow.data.transform.Crop.random(n);
    }
}
