package io.repflow.data.video;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_DEFAULT;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_NONREF;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_guess_frame_rate;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_seek_file;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_move_ref;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import io.repflow.data.RgbClip;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes frames of one video file with FFmpeg (avformat demuxing, avcodec decoding, swscale conversion to
 * RGB24 at the requested size). Frames are addressed by index in presentation order, counted from the
 * stream's first frame at its real frame rate; index {@code i} is the frame whose timestamp is
 * {@code start + i / fps}.
 *
 * <p>Reading seeks to the nearest keyframe at or before the first wanted frame and decodes forward, so
 * B-frame reordering is handled by the decoder and frames are identified by their presentation timestamps,
 * never by decode order. Only two decoded frames are held at a time, so memory is bounded by the clip
 * asked for, not by the video. A frame missing from a variable-rate stream is replaced by the frame shown at
 * that time (the last one before it).
 *
 * <p>Not thread-safe: use one reader per thread. Closing frees every native object; it is idempotent.
 */
public final class VideoReader implements ClipReader {

    private static final Logger LOG = LoggerFactory.getLogger(VideoReader.class);

    /** Decode forward instead of seeking when the wanted frame is at most this many frames ahead. */
    private static final int SEEK_AHEAD = 48;

    /**
     * Frames whose packets lie more than this many frames before the wanted one are decoded with
     * {@code skip_frame = NONREF}: nothing references them and they are not shown, so they can be dropped.
     * The margin covers B-frame reordering, where a packet's decode time runs ahead of its display time.
     */
    private static final int SKIP_MARGIN = 6;

    /** The most bytes one clip holds: the largest Java array. */
    private static final long MAX_CLIP_BYTES = Integer.MAX_VALUE - 8;

    private final Path path;
    private final VideoInfo info;
    private AVFormatContext format;
    private AVCodecContext codec;
    private AVPacket packet;
    private AVFrame current;
    private AVFrame previous;
    private SwsContext scaler;
    private RgbFrame rgb;

    private final int stream;
    private long startPts;
    private final int tbNum;
    private final int tbDen;

    private long currentIndex = -1;
    private long previousIndex = -1;
    private boolean demuxerDone;
    private boolean decoderDone;
    private long lastDecodedIndex = -1;
    private long seekFloor;
    private long wanted;
    private boolean closed;

    private VideoReader(Path path, int threads) {
        FFmpegNatives.ensureLoaded();
        VideoFiles.checkFile(path);
        this.path = path;
        boolean ok = false;
        try {
            format = new AVFormatContext(null);
            int r = avformat_open_input(format, path.toString(), null, null);
            if (r < 0) {
                format = null;
                throw new VideoException(
                        path,
                        VideoException.Kind.NOT_A_VIDEO,
                        "FFmpeg cannot open it as a video container: " + FFmpegNatives.describe(r));
            }
            r = findStreamInfo();
            if (r < 0) {
                throw new VideoException(
                        path,
                        VideoException.Kind.CORRUPT,
                        "FFmpeg cannot read the stream information: " + FFmpegNatives.describe(r));
            }
            if (format.nb_streams() == 0) {
                throw new VideoException(
                        path,
                        VideoException.Kind.CORRUPT,
                        "the "
                                + format.iformat().name().getString() + " container holds no streams at all"
                                + " (truncated or damaged header)");
            }
            stream = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
            if (stream < 0) {
                throw new VideoException(
                        path,
                        VideoException.Kind.NO_VIDEO_STREAM,
                        "the " + format.iformat().name().getString() + " container holds no video stream");
            }
            AVStream st = format.streams(stream);
            AVCodecParameters par = st.codecpar();
            String codecName = avcodec_get_name(par.codec_id()).getString();
            AVCodec decoder = avcodec_find_decoder(par.codec_id());
            if (decoder == null) {
                throw new VideoException(
                        path,
                        VideoException.Kind.NO_VIDEO_STREAM,
                        "no decoder for codec '" + codecName + "' in the FFmpeg preset");
            }
            if (par.width() <= 0 || par.height() <= 0) {
                throw new VideoException(
                        path,
                        VideoException.Kind.CORRUPT,
                        "the video stream declares no frame size (" + par.width() + "x" + par.height() + ")");
            }
            codec = avcodec_alloc_context3(decoder);
            check(avcodec_parameters_to_context(codec, par), "copying the codec parameters");
            codec.thread_count(threads);
            check(avcodec_open2(codec, decoder, (AVDictionary) null), "opening the " + codecName + " decoder");
            packet = av_packet_alloc();
            current = av_frame_alloc();
            previous = av_frame_alloc();

            AVRational tb = st.time_base();
            tbNum = tb.num();
            tbDen = tb.den();
            AVRational rate = av_guess_frame_rate(format, st, null);
            int rateNum = rate.num();
            int rateDen = rate.den();
            if (rateNum <= 0 || rateDen <= 0) {
                throw new VideoException(path, VideoException.Kind.CORRUPT, "the video stream declares no frame rate");
            }
            startPts = st.start_time() == AV_NOPTS_VALUE ? 0 : st.start_time();
            double duration;
            if (st.duration() != AV_NOPTS_VALUE && st.duration() > 0) {
                duration = (double) st.duration() * tbNum / tbDen;
            } else if (format.duration() != AV_NOPTS_VALUE && format.duration() > 0) {
                duration = (double) format.duration() / AV_TIME_BASE;
            } else {
                duration = 0;
            }
            long frames = st.nb_frames();
            boolean exact = frames > 0;
            if (!exact) {
                // WebM/Matroska and some others do not count frames, and their duration may be the audio's:
                // count the video packets instead (demuxing only, no decoding), then rewind.
                frames = countPackets();
                exact = frames > 0;
                if (!exact) {
                    frames = Math.round(duration * rateNum / rateDen);
                }
            }
            if (frames <= 0) {
                throw new VideoException(
                        path,
                        VideoException.Kind.CORRUPT,
                        "the container declares neither a frame count nor a duration");
            }
            info = new VideoInfo(
                    path,
                    format.iformat().name().getString(),
                    codecName,
                    par.width(),
                    par.height(),
                    rateNum,
                    rateDen,
                    frames,
                    exact,
                    duration > 0 ? duration : frames * (double) rateDen / rateNum);
            if (!(st.nb_frames() > 0)) {
                rewind();
            }
            if (!startStream() || st.start_time() == AV_NOPTS_VALUE) {
                primeFirstFrame();
            }
            ok = true;
        } finally {
            if (!ok) {
                close();
            }
        }
    }

    /**
     * {@code avformat_find_stream_info} with one decoder thread per stream: its probe decoders would otherwise
     * start a thread per core for every file a loader opens.
     */
    private int findStreamInfo() {
        int n = format.nb_streams();
        PointerPointer<AVDictionary> options = new PointerPointer<>(n);
        try {
            for (int i = 0; i < n; i++) {
                AVDictionary d = new AVDictionary(null);
                av_dict_set(d, "threads", "1", 0);
                options.put(i, d);
            }
            return avformat_find_stream_info(format, options);
        } finally {
            for (int i = 0; i < n; i++) {
                AVDictionary d = options.get(AVDictionary.class, i);
                if (d != null && !d.isNull()) {
                    av_dict_free(d);
                }
            }
            options.close();
        }
    }

    /** Number of packets of the video stream (one per frame for the codecs read here); reads the whole file. */
    private long countPackets() {
        long n = 0;
        while (av_read_frame(format, packet) >= 0) {
            if (packet.stream_index() == stream) {
                n++;
            }
            av_packet_unref(packet);
        }
        return n;
    }

    private void rewind() {
        int r = av_seek_frame(format, stream, startPts, AVSEEK_FLAG_BACKWARD);
        if (r < 0) {
            r = avformat_seek_file(format, -1, Long.MIN_VALUE, 0, Long.MAX_VALUE, 0);
        }
        if (r < 0) {
            throw new VideoException(
                    path,
                    VideoException.Kind.CORRUPT,
                    "cannot seek back to the start after counting" + " its frames: " + FFmpegNatives.describe(r));
        }
        demuxerDone = false;
    }

    /** Opens a video with a single-threaded decoder (loaders run several readers in parallel instead). */
    public static VideoReader open(Path path) {
        return new VideoReader(path, 1);
    }

    /** Opens a video; {@code threads} decoder threads (0 = FFmpeg's choice). */
    public static VideoReader open(Path path, int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("decoder threads must be >= 0 but is " + threads);
        }
        return new VideoReader(path, threads);
    }

    @Override
    public VideoInfo info() {
        return info;
    }

    public Path path() {
        return path;
    }

    /**
     * Decodes the frames with the given indices (any order, repeats allowed) at {@code size}; frame k of the
     * result is frame {@code indices[k]} of the video.
     *
     * @throws IllegalArgumentException when an index is negative or not below {@link VideoInfo#frameCount()}
     * @throws VideoException when the file turns out damaged or truncated
     */
    @Override
    public RgbClip read(long[] indices, FrameSize size) {
        ensureOpen();
        if (indices.length == 0) {
            throw new IllegalArgumentException("no frame indices given for " + path);
        }
        for (long i : indices) {
            if (i < 0 || i >= info.frameCount()) {
                throw new IllegalArgumentException(path + ": frame " + i + " is out of range; the video has "
                        + info.frameCount() + (info.frameCountExact() ? "" : " (estimated)") + " frames");
            }
        }
        int[] dims = size.resolve(info.width(), info.height());
        int w = dims[0];
        int h = dims[1];
        long bytes = (long) indices.length * w * h * 3;
        if (bytes > MAX_CLIP_BYTES) {
            throw new IllegalArgumentException(path + ": " + indices.length + " frames of " + w + "x" + h + " RGB are "
                    + bytes + " bytes, more than a clip can hold (" + MAX_CLIP_BYTES
                    + "); ask for fewer frames or a smaller size");
        }
        int frameBytes = w * h * 3;
        byte[] out = new byte[indices.length * frameBytes];
        Integer[] order = new Integer[indices.length];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Long.compare(indices[a], indices[b]));
        int last = -1;
        for (int k : order) {
            long target = indices[k];
            if (last >= 0 && target == indices[last]) {
                System.arraycopy(out, last * frameBytes, out, k * frameBytes, frameBytes);
            } else {
                convert(frameAt(target), w, h, out, k * frameBytes);
            }
            last = k;
        }
        return RgbClip.wrap(indices.length, h, w, out);
    }

    /** Convenience for {@code int} indices. */
    public RgbClip read(int[] indices, FrameSize size) {
        long[] l = new long[indices.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = indices[i];
        }
        return read(l, size);
    }

    /** Decodes the frames shown at the given times (seconds after the first frame). */
    public RgbClip readAtTimes(double[] seconds, FrameSize size) {
        long[] idx = new long[seconds.length];
        for (int i = 0; i < idx.length; i++) {
            if (!(seconds[i] >= 0) || !Double.isFinite(seconds[i])) {
                throw new IllegalArgumentException(path + ": time " + seconds[i] + " s must be finite and >= 0");
            }
            idx[i] = Math.min(info.frameAt(seconds[i]), info.frameCount() - 1);
        }
        return read(idx, size);
    }

    /** Decodes the whole stream once and returns the number of frames it really holds. */
    public long countFrames() {
        ensureOpen();
        wanted = 0;
        seek(0, 0);
        long n = 0;
        while (decodeNext()) {
            n++;
        }
        return n;
    }

    /**
     * Sends the first video packet to the decoder and tells whether it carries a presentation timestamp. When
     * it does, the stream's start time (the smallest first presentation time FFmpeg saw) is frame 0's time
     * and nothing needs decoding yet.
     */
    private boolean startStream() {
        while (true) {
            int r = av_read_frame(format, packet);
            if (r < 0) {
                throw new VideoException(
                        path,
                        VideoException.Kind.CORRUPT,
                        "the video stream holds no packet: " + FFmpegNatives.describe(r));
            }
            try {
                if (packet.stream_index() == stream) {
                    boolean hasPts = packet.pts() != AV_NOPTS_VALUE;
                    int s = avcodec_send_packet(codec, packet);
                    if (s < 0) {
                        LOG.debug("{}: the decoder rejected the first packet: {}", path, FFmpegNatives.describe(s));
                    }
                    return hasPts;
                }
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    /**
     * Decodes the first frame and takes its timestamp as the time of frame 0. The container's start time is
     * not enough: in an AVI with B-frames packets carry decode times only, and the decoder stamps each frame
     * with the decode time of the packet that completed it, one reorder delay later. The offset stays the
     * same after every seek, so measuring it once keeps indices exact.
     */
    private void primeFirstFrame() {
        if (!decodeNext()) {
            throw new VideoException(path, VideoException.Kind.CORRUPT, "no frame can be decoded");
        }
        long first = current.best_effort_timestamp();
        if (first != AV_NOPTS_VALUE) {
            startPts = first;
        }
        currentIndex = 0;
        lastDecodedIndex = 0;
    }

    /** The decoded frame with presentation index {@code target} (or the one shown at that time). */
    private AVFrame frameAt(long target) {
        // Where the decoder stands: the frame in hand, the last one decoded, or where the last seek aimed.
        wanted = target;
        long cursor = currentIndex >= 0 ? currentIndex : lastDecodedIndex >= 0 ? lastDecodedIndex : seekFloor;
        if (cursor > target || target - cursor > SEEK_AHEAD) {
            seek(target, 0);
        }
        long backoff = 0;
        while (true) {
            if (currentIndex == target) {
                return current;
            }
            if (currentIndex > target) {
                if (previousIndex >= 0 && previousIndex < target) {
                    return previous;
                }
                if (backoff < 0) {
                    // Even a decode from the very start shows nothing before this frame: use the first one.
                    return current;
                }
                backoff = backoff == 0 ? Math.max(1, Math.round(info.frameRate())) : backoff * 2;
                if (target - backoff <= 0) {
                    seek(0, 0);
                    backoff = -1;
                } else {
                    seek(target, backoff);
                }
                continue;
            }
            // currentIndex < target (or no frame yet): step forward
            if (decoderDone && currentIndex < 0) {
                return atEnd(target); // the stream already ended; previous holds its last frame
            }
            av_frame_unref(previous);
            av_frame_move_ref(previous, current);
            previousIndex = currentIndex;
            currentIndex = -1;
            if (!decodeNext()) {
                return atEnd(target);
            }
        }
    }

    private AVFrame atEnd(long target) {
        if (previousIndex < 0) {
            throw new VideoException(
                    path,
                    VideoException.Kind.CORRUPT,
                    "no frame can be decoded at or after frame "
                            + target + " although the container declares " + info.frameCount()
                            + " frames (truncated or damaged file)");
        }
        if (info.frameCountExact() && target < info.frameCount()) {
            throw new VideoException(
                    path,
                    VideoException.Kind.CORRUPT,
                    "the stream ends after frame "
                            + previousIndex + " but the container declares " + info.frameCount()
                            + " frames (truncated or damaged file)");
        }
        // The frame count was an estimate from the duration: the last frame stays on screen.
        LOG.debug("{}: frame {} is past the stream's end, using frame {}", path, target, previousIndex);
        return previous;
    }

    /** Seeks to the keyframe at or before frame {@code target - backoff} and resets the decoder. */
    private void seek(long target, long backoff) {
        long frame = Math.max(0, target - backoff);
        long ts = startPts
                + Math.round((double) frame * info.frameRateDen() * tbDen / ((double) info.frameRateNum() * tbNum));
        int r = av_seek_frame(format, stream, ts, AVSEEK_FLAG_BACKWARD);
        if (r < 0 && frame > 0) {
            r = av_seek_frame(format, stream, startPts, AVSEEK_FLAG_BACKWARD);
        }
        if (r < 0) {
            throw new VideoException(
                    path,
                    VideoException.Kind.CORRUPT,
                    "cannot seek to frame " + frame + ": " + FFmpegNatives.describe(r));
        }
        avcodec_flush_buffers(codec);
        av_frame_unref(current);
        av_frame_unref(previous);
        currentIndex = -1;
        previousIndex = -1;
        lastDecodedIndex = -1;
        seekFloor = frame;
        demuxerDone = false;
        decoderDone = false;
    }

    /** Decodes the next frame in presentation order into {@code current}; false at the end of the stream. */
    private boolean decodeNext() {
        while (true) {
            if (decoderDone) {
                return false;
            }
            int r = avcodec_receive_frame(codec, current);
            if (r == 0) {
                long pts = current.best_effort_timestamp();
                long index = pts == AV_NOPTS_VALUE ? lastDecodedIndex + 1 : toIndex(pts);
                if (index <= lastDecodedIndex) {
                    // A duplicate or out-of-order timestamp: keep indices increasing.
                    index = lastDecodedIndex + 1;
                }
                lastDecodedIndex = index;
                currentIndex = index;
                return true;
            }
            if (r == AVERROR_EOF) {
                decoderDone = true;
                return false;
            }
            if (r != AVERROR_EAGAIN()) {
                throw new VideoException(
                        path, VideoException.Kind.CORRUPT, "decoding failed: " + FFmpegNatives.describe(r));
            }
            feedPacket();
        }
    }

    /** Frame index of a stream timestamp. */
    private long toIndex(long pts) {
        return Math.round(
                (double) (pts - startPts) * tbNum * info.frameRateNum() / ((double) tbDen * info.frameRateDen()));
    }

    /** Sends the next packet of the video stream to the decoder (or the end-of-stream signal). */
    private void feedPacket() {
        while (!demuxerDone) {
            int r = av_read_frame(format, packet);
            if (r < 0) {
                if (r != AVERROR_EOF) {
                    LOG.debug("{}: demuxing stopped: {}", path, FFmpegNatives.describe(r));
                }
                demuxerDone = true;
                break;
            }
            try {
                if (packet.stream_index() == stream) {
                    long ts = packet.pts() != AV_NOPTS_VALUE ? packet.pts() : packet.dts();
                    boolean early = ts != AV_NOPTS_VALUE && toIndex(ts) < wanted - SKIP_MARGIN;
                    codec.skip_frame(early ? AVDISCARD_NONREF : AVDISCARD_DEFAULT);
                    int s = avcodec_send_packet(codec, packet);
                    if (s < 0 && s != AVERROR_EAGAIN()) {
                        // A damaged packet: skip it like FFmpeg's own tools do; a truncated file ends early.
                        LOG.debug("{}: skipping a packet the decoder rejected: {}", path, FFmpegNatives.describe(s));
                        continue;
                    }
                    return;
                }
            } finally {
                av_packet_unref(packet);
            }
        }
        avcodec_send_packet(codec, null);
    }

    /** Converts {@code f} to RGB24 at {@code w × h} into {@code out} at {@code offset}. */
    private void convert(AVFrame f, int w, int h, byte[] out, int offset) {
        if (f.width() <= 0 || f.height() <= 0) {
            throw new VideoException(path, VideoException.Kind.CORRUPT, "decoded a frame without a size");
        }
        scaler = sws_getCachedContext(
                scaler,
                f.width(),
                f.height(),
                f.format(),
                w,
                h,
                AV_PIX_FMT_RGB24,
                SWS_BILINEAR,
                null,
                null,
                (DoublePointer) null);
        if (scaler == null) {
            throw new VideoException(
                    path,
                    VideoException.Kind.CORRUPT,
                    "swscale cannot convert pixel format " + f.format() + " at " + f.width() + "x" + f.height()
                            + " to RGB24 " + w + "x" + h);
        }
        if (rgb == null || rgb.width() != w || rgb.height() != h) {
            freeRgb();
            rgb = new RgbFrame(path, w, h);
        }
        AVFrame dst = rgb.frame();
        int rows = sws_scale(scaler, f.data(), f.linesize(), 0, f.height(), dst.data(), dst.linesize());
        if (rows != h) {
            throw new VideoException(
                    path, VideoException.Kind.CORRUPT, "swscale produced " + rows + " of " + h + " rows");
        }
        rgb.copyTo(out, offset);
    }

    private void check(int r, String what) {
        if (r < 0) {
            throw new VideoException(path, VideoException.Kind.CORRUPT, what + " failed: " + FFmpegNatives.describe(r));
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the reader of " + path + " is closed");
        }
    }

    private void freeRgb() {
        if (rgb != null) {
            rgb.close();
            rgb = null;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        freeRgb();
        if (scaler != null) {
            sws_freeContext(scaler);
            scaler = null;
        }
        if (current != null) {
            av_frame_free(current);
            current = null;
        }
        if (previous != null) {
            av_frame_free(previous);
            previous = null;
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (codec != null) {
            avcodec_free_context(codec);
            codec = null;
        }
        if (format != null) {
            avformat_close_input(format);
            format = null;
        }
    }
}
