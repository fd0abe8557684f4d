package io.repflow.data.sampling;

import io.repflow.data.video.VideoException;
import io.repflow.data.video.VideoInfo;
import java.util.SplittableRandom;

/**
 * Chooses which frames make a clip of T frames: either every {@code stride}-th frame, or frames at a target
 * rate measured with the video's real frame rate (frame k of the clip is source frame
 * {@code start + floor(k * sourceFps / targetFps)}). Random start for training, evenly spaced starts for
 * multi-clip testing. A video shorter than one clip's span is a {@link VideoException.Kind#TOO_SHORT} error.
 */
public final class ClipSampler {

    private final int frames;
    private final int stride;
    private final double targetFps;

    private ClipSampler(int frames, int stride, double targetFps) {
        if (frames <= 0) {
            throw new IllegalArgumentException("a clip needs at least one frame but " + frames + " were asked");
        }
        this.frames = frames;
        this.stride = stride;
        this.targetFps = targetFps;
    }

    /** T frames, {@code stride} source frames apart (1 = consecutive frames). */
    public static ClipSampler stride(int frames, int stride) {
        if (stride <= 0) {
            throw new IllegalArgumentException("stride must be positive but is " + stride);
        }
        return new ClipSampler(frames, stride, 0);
    }

    /** T frames at {@code fps} frames per second of video time, whatever the source's rate. */
    public static ClipSampler targetFps(int frames, double fps) {
        if (!(fps > 0) || !Double.isFinite(fps)) {
            throw new IllegalArgumentException("target frame rate must be positive but is " + fps);
        }
        return new ClipSampler(frames, 0, fps);
    }

    public int frames() {
        return frames;
    }

    /** Source frames between clip frames (fractional with a target rate). */
    public double step(double sourceFps) {
        return stride > 0 ? stride : sourceFps / targetFps;
    }

    /** Source frames one clip covers, first to last inclusive. */
    public long span(double sourceFps) {
        return offset(frames - 1, sourceFps) + 1;
    }

    private long offset(int k, double sourceFps) {
        return stride > 0 ? (long) k * stride : (long) Math.floor(k * sourceFps / targetFps + 1e-9);
    }

    /** The source frame indices of the clip starting at {@code start}. */
    public long[] clipAt(long start, double sourceFps) {
        long[] idx = new long[frames];
        for (int k = 0; k < frames; k++) {
            idx[k] = start + offset(k, sourceFps);
        }
        return idx;
    }

    /** One clip at a uniformly random start (training). */
    public long[] random(VideoInfo info, SplittableRandom rng) {
        return random(info, rng, ClipWindow.WHOLE);
    }

    /** One clip at a uniformly random start within {@code window}. */
    public long[] random(VideoInfo info, SplittableRandom rng, ClipWindow window) {
        long room = room(info, window);
        return clipAt(window.firstFrame(info) + (room == 0 ? 0 : rng.nextLong(room + 1)), info.frameRate());
    }

    /**
     * {@code count} clips with evenly spaced starts from the first to the last possible one (testing); one
     * clip is the centre clip.
     */
    public long[][] uniform(VideoInfo info, int count) {
        return uniform(info, count, ClipWindow.WHOLE);
    }

    /** As {@link #uniform(VideoInfo, int)} over the frames of {@code window} only. */
    public long[][] uniform(VideoInfo info, int count, ClipWindow window) {
        if (count <= 0) {
            throw new IllegalArgumentException("clip count must be positive but is " + count);
        }
        long room = room(info, window);
        long first = window.firstFrame(info);
        long[][] clips = new long[count][];
        for (int c = 0; c < count; c++) {
            long start = count == 1 ? room / 2 : Math.round((double) room * c / (count - 1));
            clips[c] = clipAt(first + start, info.frameRate());
        }
        return clips;
    }

    /** Possible clip starts in {@code window} after its first, i.e. its frames minus one clip's span. */
    private long room(VideoInfo info, ClipWindow window) {
        long span = span(info.frameRate());
        long available = window.frameCount(info);
        long room = available - span;
        if (room < 0) {
            throw new VideoException(
                    info.path(),
                    VideoException.Kind.TOO_SHORT,
                    "has " + available
                            + " frames" + (window.equals(ClipWindow.WHOLE) ? "" : " in the clip window " + window)
                            + " but a clip of " + frames + " frames "
                            + (stride > 0
                                    ? "at stride " + stride
                                    : "at " + targetFps + " fps from " + info.frameRate() + " fps")
                            + " spans " + span);
        }
        return room;
    }

    @Override
    public String toString() {
        return "ClipSampler[" + frames + " frames, " + (stride > 0 ? "stride " + stride : targetFps + " fps") + "]";
    }
}
