package io.repflow.data.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * One RGB24 picture in an {@link AVFrame} whose plane FFmpeg allocated ({@code av_frame_get_buffer}): the line
 * size is rounded up to the CPU's SIMD alignment and the plane is padded past its last row, as swscale's vector
 * paths need. A plane of exactly {@code w * h * 3} bytes with stride {@code w * 3} is not enough: for narrow
 * frames swscale writes (and reads) whole vectors past the end of each row and of the buffer, which corrupts
 * the native heap. Rows are copied to and from Java arrays one at a time with the real line size.
 */
final class RgbFrame implements AutoCloseable {

    private final int width;
    private final int height;
    private AVFrame frame;

    /** A {@code width × height} frame; {@code file} names the video in errors. */
    RgbFrame(Path file, int width, int height) {
        this.width = width;
        this.height = height;
        frame = av_frame_alloc();
        if (frame == null) {
            throw new OutOfMemoryError("FFmpeg cannot allocate a frame for " + file);
        }
        frame.format(AV_PIX_FMT_RGB24).width(width).height(height);
        int r = av_frame_get_buffer(frame, 0);
        if (r < 0) {
            av_frame_free(frame);
            frame = null;
            throw new VideoException(
                    file,
                    VideoException.Kind.CORRUPT,
                    "cannot allocate an RGB frame of " + width + "x" + height + ": " + FFmpegNatives.describe(r));
        }
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** The frame, for {@code sws_scale}'s source or destination planes and line sizes. */
    AVFrame frame() {
        return frame;
    }

    /** Copies the picture into {@code out} at {@code offset} as {@code height * width * 3} row-major bytes. */
    void copyTo(byte[] out, int offset) {
        int row = width * 3;
        int stride = frame.linesize(0);
        BytePointer plane = frame.data(0);
        for (int y = 0; y < height; y++) {
            plane.position((long) y * stride).get(out, offset + y * row, row);
        }
    }

    /** Replaces the picture by {@code height * width * 3} row-major bytes of {@code in}. */
    void copyFrom(Path file, byte[] in) {
        int r = av_frame_make_writable(frame);
        if (r < 0) {
            throw new VideoException(
                    file, VideoException.Kind.CORRUPT, "cannot make a frame writable: " + FFmpegNatives.describe(r));
        }
        int row = width * 3;
        int stride = frame.linesize(0);
        BytePointer plane = frame.data(0);
        for (int y = 0; y < height; y++) {
            plane.position((long) y * stride).put(in, y * row, row);
        }
    }

    @Override
    public void close() {
        if (frame != null) {
            av_frame_free(frame);
            frame = null;
        }
    }
}
