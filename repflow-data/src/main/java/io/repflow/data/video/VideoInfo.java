package io.repflow.data.video;

import java.nio.file.Path;

/**
 * What a video file declares about its video stream.
 *
 * @param frameRateNum numerator of the stream's real frame rate (FFmpeg's {@code av_guess_frame_rate})
 * @param frameRateDen denominator of the frame rate, e.g. 1001 for 29.97 fps
 * @param frameCount frames in the stream: exact when {@code frameCountExact} (the container counts them, or,
 *        for containers that do not, such as WebM, the reader counted the stream's packets at open), otherwise
 *        duration × frame rate rounded
 */
public record VideoInfo(
        Path path,
        String container,
        String codec,
        int width,
        int height,
        int frameRateNum,
        int frameRateDen,
        long frameCount,
        boolean frameCountExact,
        double durationSeconds) {

    /** Frames per second. */
    public double frameRate() {
        return (double) frameRateNum / frameRateDen;
    }

    /** The index of the frame shown at {@code seconds} after the first frame. */
    public long frameAt(double seconds) {
        return (long) Math.floor(seconds * frameRateNum / frameRateDen + 1e-9);
    }

    /** The presentation time of frame {@code index}, in seconds after the first frame. */
    public double timeOf(long index) {
        return (double) index * frameRateDen / frameRateNum;
    }
}
