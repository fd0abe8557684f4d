package io.repflow.data.sampling;

import io.repflow.data.video.VideoException;
import io.repflow.data.video.VideoInfo;
import java.io.Serializable;

/**
 * The part of a video clips are sampled from, in seconds of video time: {@code [start, end)}, as a
 * Kinetics annotation's {@code time_start}/{@code time_end} give it. Frame k (shown at {@code k / fps}
 * after the first frame) is in the window when {@code start <= k / fps < end}. {@link #WHOLE} is the
 * whole video; an infinite {@code end} means "to the end".
 *
 * @param start seconds, {@code >= 0}
 * @param end   seconds, {@code > start}, or {@link Double#POSITIVE_INFINITY}
 */
public record ClipWindow(double start, double end) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The whole video. */
    public static final ClipWindow WHOLE = new ClipWindow(0, Double.POSITIVE_INFINITY);

    public ClipWindow {
        if (!Double.isFinite(start) || start < 0) {
            throw new IllegalArgumentException("clip window start " + start + " s must be a number >= 0");
        }
        if (Double.isNaN(end) || end <= start) {
            throw new IllegalArgumentException("clip window end " + end + " s must be after its start " + start + " s");
        }
    }

    /** {@code [start, end)} when either is given; a missing start is 0, a missing end the video's end. */
    public static ClipWindow of(Double start, Double end) {
        return new ClipWindow(start == null ? 0 : start, end == null ? Double.POSITIVE_INFINITY : end);
    }

    /** The first frame in the window. */
    public long firstFrame(VideoInfo info) {
        return frameFrom(start, info);
    }

    /**
     * Frames of {@code info} in the window (from {@link #firstFrame}); a window that starts at or after the
     * video's last frame is a {@link VideoException.Kind#TOO_SHORT} error.
     */
    public long frameCount(VideoInfo info) {
        long first = firstFrame(info);
        long last = Double.isInfinite(end) ? info.frameCount() : Math.min(info.frameCount(), frameFrom(end, info));
        if (last <= first) {
            throw new VideoException(
                    info.path(),
                    VideoException.Kind.TOO_SHORT,
                    "has no frame in the clip window " + this + " (" + info.frameCount() + " frames at "
                            + String.format("%.3f", info.frameRate()) + " fps)");
        }
        return last - first;
    }

    /** The first frame shown at or after {@code seconds}. */
    private static long frameFrom(double seconds, VideoInfo info) {
        return (long) Math.ceil(seconds * info.frameRateNum() / info.frameRateDen() - 1e-9);
    }

    @Override
    public String toString() {
        return "[" + start + " s, " + (Double.isInfinite(end) ? "end" : end + " s") + ")";
    }
}
