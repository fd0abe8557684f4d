package io.repflow.data.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;

/**
 * Resizes RGB24 pictures with FFmpeg's swscale, bilinear with the same flags as {@link VideoReader}, so that frames
 * read from image files are scaled like decoded video frames. Holds its context and frames until closed; one per
 * thread.
 */
final class RgbScaler implements AutoCloseable {

    private SwsContext context;
    private RgbFrame source;
    private RgbFrame target;

    /** Scales {@code in} ({@code w × h} RGB24, row-major) to {@code tw × th} into {@code out} at {@code offset}. */
    void scale(Path file, byte[] in, int w, int h, int tw, int th, byte[] out, int offset) {
        context = sws_getCachedContext(
                context, w, h, AV_PIX_FMT_RGB24, tw, th, AV_PIX_FMT_RGB24, SWS_BILINEAR, null, null, (DoublePointer)
                        null);
        if (context == null) {
            throw new VideoException(
                    file,
                    VideoException.Kind.CORRUPT,
                    "swscale cannot scale RGB24 " + w + "x" + h + " to " + tw + "x" + th);
        }
        if (source == null || source.width() != w || source.height() != h) {
            closeFrame(source);
            source = new RgbFrame(file, w, h);
        }
        if (target == null || target.width() != tw || target.height() != th) {
            closeFrame(target);
            target = new RgbFrame(file, tw, th);
        }
        source.copyFrom(file, in);
        int rows = sws_scale(
                context,
                source.frame().data(),
                source.frame().linesize(),
                0,
                h,
                target.frame().data(),
                target.frame().linesize());
        if (rows != th) {
            throw new VideoException(
                    file, VideoException.Kind.CORRUPT, "swscale produced " + rows + " of " + th + " rows");
        }
        target.copyTo(out, offset);
    }

    private static void closeFrame(RgbFrame f) {
        if (f != null) {
            f.close();
        }
    }

    @Override
    public void close() {
        closeFrame(source);
        closeFrame(target);
        source = null;
        target = null;
        if (context != null) {
            sws_freeContext(context);
            context = null;
        }
    }
}
