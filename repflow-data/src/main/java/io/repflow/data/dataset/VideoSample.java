package io.repflow.data.dataset;

import io.repflow.data.video.ClipReader;
import io.repflow.data.video.FrameFolderReader;
import io.repflow.data.video.VideoReader;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One labelled video of a dataset: a video file, or a folder of pre-extracted frames with its frame count
 * ({@code frameCount > 0}; see {@link FrameFolderReader}).
 */
public record VideoSample(Path path, int label, long frameCount) {
    public VideoSample {
        Objects.requireNonNull(path, "path");
        if (label < 0) {
            throw new IllegalArgumentException("label must be >= 0 but is " + label + " for " + path);
        }
        if (frameCount < 0) {
            throw new IllegalArgumentException("frame count must be >= 0 but is " + frameCount + " for " + path);
        }
    }

    /** A video file. */
    public VideoSample(Path path, int label) {
        this(path, label, 0);
    }

    /** A folder of {@code frameCount} frames. */
    public static VideoSample frames(Path folder, long frameCount, int label) {
        if (frameCount < 1) {
            throw new IllegalArgumentException(
                    "a frame folder needs at least 1 frame but " + folder + " has " + frameCount);
        }
        return new VideoSample(folder, label, frameCount);
    }

    public boolean isFrameFolder() {
        return frameCount > 0;
    }

    /** A reader of this sample's frames (one per thread): FFmpeg for a file, ImageIO for a frame folder. */
    public ClipReader open() {
        return isFrameFolder() ? FrameFolderReader.open(path, frameCount) : VideoReader.open(path);
    }
}
