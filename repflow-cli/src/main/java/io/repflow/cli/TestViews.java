package io.repflow.cli;

import io.repflow.data.dataset.VideoDataset;
import io.repflow.data.dataset.VideoSample;
import io.repflow.data.loader.SampleClips;
import io.repflow.data.loader.VideoClipSource;
import io.repflow.data.loader.VideoLoader;
import io.repflow.data.sampling.ClipSampler;
import io.repflow.data.sampling.ClipWindow;
import io.repflow.data.transform.ClipTransform;
import io.repflow.data.transform.Crop;
import io.repflow.models.spec.ModelSpec;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * How {@code repflow predict}, {@code repflow eval} and repflow-spark's executors turn a test video into
 * the views a model sees: {@code clips} evenly spaced clips of {@code frames} frames {@code stride}
 * apart, decoded with the short side scaled to {@link RunData#shortSide}, {@code crops} crops of
 * {@code size x size} each (1 = the centre, N = N random ones), values mapped by {@code normalization}.
 * Random choices of video {@code index} of a list come from {@code seed} and the index as in a loader's
 * pass, so a video gets the same views wherever it is decoded.
 */
public record TestViews(int frames, int stride, int size, int clips, int crops, long seed, Normalization normalization)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public TestViews {
        if (frames < 1 || stride < 1 || size < 1 || clips < 1 || crops < 1) {
            throw new UsageException("frames, stride, size, clips and crops must be >= 1 but are " + frames + ", "
                    + stride + ", " + size + ", " + clips + ", " + crops);
        }
        if (normalization == null) {
            throw new UsageException("the normalisation is missing");
        }
    }

    /** The model's clip length and crop size. */
    public static TestViews of(ModelSpec spec, int stride, int clips, int crops, long seed, Normalization n) {
        return new TestViews(spec.input().frames(), stride, spec.input().height(), clips, crops, seed, n);
    }

    /** The views of every video of {@code dataset}, video i as sample i. */
    public VideoClipSource source(VideoDataset dataset) {
        ClipTransform centre =
                ClipTransform.testing(RunData.shortSide(size), size).withMapping(normalization.mapping());
        return testing(dataset, ClipSampler.stride(frames, stride), centre, clips, crops);
    }

    /** {@code clips} clips per video with {@code crops} crops of the centre-crop transform {@code centre}. */
    static VideoClipSource testing(
            VideoDataset dataset, ClipSampler sampler, ClipTransform centre, int clips, int crops) {
        return VideoClipSource.testing(
                dataset, sampler, centre.withCrop(crops <= 1 ? Crop.center() : Crop.random(crops)), clips);
    }

    /**
     * The views of one video as sample {@code index} of its list in a loader's pass (epoch 0); {@code label}
     * is carried along. Throws {@link io.repflow.data.video.VideoException} for a video that cannot be used.
     */
    public SampleClips load(Path video, int label, int index) {
        return load(video, label, index, ClipWindow.WHOLE);
    }

    /** As {@link #load(Path, int, int)} with the clips sampled from {@code window} of the video only. */
    public SampleClips load(Path video, int label, int index, ClipWindow window) {
        VideoDataset one = new VideoDataset("video", List.of("video"), List.of(new VideoSample(video, 0)));
        SampleClips s = source(one).load(0, VideoLoader.sampleSeed(seed, 0, index), window);
        return new SampleClips(index, label, s.views(), s.data());
    }

    /** {@code {3, T, H, W}} of one view. */
    public int[] viewShape() {
        return new int[] {3, frames, size, size};
    }
}
