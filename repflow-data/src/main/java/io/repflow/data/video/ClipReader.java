package io.repflow.data.video;

import io.repflow.data.RgbClip;

/**
 * Frames of one video by index, at a requested size: a video file ({@link VideoReader}, FFmpeg) or a folder of
 * pre-extracted frames ({@link FrameFolderReader}). Not thread-safe: one reader per thread.
 */
public sealed interface ClipReader extends AutoCloseable permits VideoReader, FrameFolderReader {

    /** Size, frame rate and frame count. */
    VideoInfo info();

    /**
     * The frames with the given indices (any order, repeats allowed) at {@code size}; frame k of the result is
     * frame {@code indices[k]}.
     *
     * @throws IllegalArgumentException when an index is negative or not below {@link VideoInfo#frameCount()}
     * @throws VideoException when the video turns out damaged, truncated or unreadable
     */
    RgbClip read(long[] indices, FrameSize size);

    /** Frees what the reader holds; idempotent. */
    @Override
    void close();
}
