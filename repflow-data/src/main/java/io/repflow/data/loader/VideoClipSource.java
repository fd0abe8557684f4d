package io.repflow.data.loader;

import io.repflow.data.RgbClip;
import io.repflow.data.dataset.VideoDataset;
import io.repflow.data.dataset.VideoSample;
import io.repflow.data.sampling.ClipSampler;
import io.repflow.data.sampling.ClipWindow;
import io.repflow.data.transform.ClipTransform;
import io.repflow.data.video.ClipReader;
import io.repflow.data.video.FrameSize;
import io.repflow.data.video.VideoInfo;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Decodes dataset videos into clip views: open the file (FFmpeg) or frame folder (ImageIO), choose frames (one random clip when
 * training, {@code clipsPerVideo} evenly spaced ones when testing), decode only those frames at the
 * transform's short side (swscale), then crop, flip and map. Each call opens and closes its own reader.
 */
public final class VideoClipSource implements ClipSource {

    private final VideoDataset dataset;
    private final ClipSampler sampler;
    private final ClipTransform transform;
    private final int clipsPerVideo;
    private final boolean randomClip;

    private VideoClipSource(
            VideoDataset dataset, ClipSampler sampler, ClipTransform transform, int clipsPerVideo, boolean randomClip) {
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        this.sampler = Objects.requireNonNull(sampler, "sampler");
        this.transform = Objects.requireNonNull(transform, "transform");
        if (clipsPerVideo <= 0) {
            throw new IllegalArgumentException("clips per video must be positive but is " + clipsPerVideo);
        }
        this.clipsPerVideo = clipsPerVideo;
        this.randomClip = randomClip;
    }

    /** One clip at a random start per video (training). */
    public static VideoClipSource training(VideoDataset dataset, ClipSampler sampler, ClipTransform transform) {
        return new VideoClipSource(dataset, sampler, transform, 1, true);
    }

    /** {@code clips} evenly spaced clips per video, each with all of the transform's views (testing). */
    public static VideoClipSource testing(
            VideoDataset dataset, ClipSampler sampler, ClipTransform transform, int clips) {
        return new VideoClipSource(dataset, sampler, transform, clips, false);
    }

    public VideoDataset dataset() {
        return dataset;
    }

    @Override
    public int size() {
        return dataset.size();
    }

    @Override
    public int numClasses() {
        return dataset.numClasses();
    }

    @Override
    public int viewsPerSample() {
        return clipsPerVideo * transform.viewCount();
    }

    @Override
    public int[] viewShape() {
        return new int[] {3, sampler.frames(), transform.cropHeight(), transform.cropWidth()};
    }

    @Override
    public String describe(int index) {
        return dataset.get(index).path().toString();
    }

    @Override
    public SampleClips load(int index, long seed) {
        return load(index, seed, ClipWindow.WHOLE);
    }

    /** As {@link #load(int, long)} with the clips taken from {@code window} of the video only. */
    public SampleClips load(int index, long seed, ClipWindow window) {
        VideoSample sample = dataset.get(index);
        SplittableRandom rng = new SplittableRandom(seed);
        int per = 3 * sampler.frames() * transform.cropHeight() * transform.cropWidth();
        float[] out = new float[viewsPerSample() * per];
        float[][] table = transform.mapping().table();
        FrameSize size = transform.shortSide() > 0 ? FrameSize.shortSide(transform.shortSide()) : FrameSize.source();
        try (ClipReader reader = sample.open()) {
            VideoInfo info = reader.info();
            long[][] clips = randomClip
                    ? new long[][] {sampler.random(info, rng, window)}
                    : sampler.uniform(info, clipsPerVideo, window);
            int view = 0;
            for (long[] indices : clips) {
                RgbClip clip = reader.read(indices, size);
                List<ClipTransform.View> views = transform.views(clip.height(), clip.width(), rng);
                for (ClipTransform.View v : views) {
                    transform.write(clip, v, table, out, view * per);
                    view++;
                }
            }
        }
        return new SampleClips(index, sample.label(), viewsPerSample(), out);
    }
}
