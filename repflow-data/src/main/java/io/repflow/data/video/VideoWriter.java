package io.repflow.data.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_QSCALE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.FF_QP2LAMBDA;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import io.repflow.data.RgbClip;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;

/**
 * Encodes RGB frames into a video file with the FFmpeg preset's encoders (see {@link VideoCodec}). The file
 * appears atomically: frames go to a temporary file in the same folder, renamed on a successful
 * {@link #close()}; if encoding fails or the writer is {@link #abort() aborted} the temporary file is deleted.
 * Frame rate and size are fixed at open. Not thread-safe.
 */
public final class VideoWriter implements AutoCloseable {

    private final Path target;
    private final Path temp;
    private final int width;
    private final int height;
    private AVFormatContext format;
    private AVCodecContext codec;
    private AVStream stream;
    private AVFrame frame;
    private AVPacket packet;
    private SwsContext scaler;
    private RgbFrame rgb;
    private long frames;
    private boolean finished;

    private VideoWriter(Path target, VideoCodec kind, int width, int height, int fpsNum, int fpsDen, int gop) {
        FFmpegNatives.ensureLoaded();
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException(
                    "frame size must be positive and even (YUV 4:2:0) but is " + width + "x" + height);
        }
        if (gop <= 0) {
            throw new IllegalArgumentException("keyframe interval must be positive but is " + gop);
        }
        if (fpsNum <= 0 || fpsDen <= 0) {
            throw new IllegalArgumentException("frame rate must be positive but is " + fpsNum + "/" + fpsDen);
        }
        this.target = target.toAbsolutePath();
        this.width = width;
        this.height = height;
        try {
            Path parent = this.target.getParent();
            Files.createDirectories(parent);
            this.temp = Files.createTempFile(parent, "." + this.target.getFileName() + ".", ".part");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file next to " + target, e);
        }
        boolean ok = false;
        try {
            open(kind, fpsNum, fpsDen, gop);
            ok = true;
        } finally {
            if (!ok) {
                abort();
            }
        }
    }

    /**
     * Opens a writer for {@code width × height} frames at {@code fpsNum/fpsDen} frames per second, with a
     * keyframe every 12 frames.
     */
    public static VideoWriter open(Path target, VideoCodec codec, int width, int height, int fpsNum, int fpsDen) {
        return new VideoWriter(target, codec, width, height, fpsNum, fpsDen, 12);
    }

    /** As {@link #open(Path, VideoCodec, int, int, int, int)} with a keyframe every {@code gop} frames. */
    public static VideoWriter open(
            Path target, VideoCodec codec, int width, int height, int fpsNum, int fpsDen, int gop) {
        return new VideoWriter(target, codec, width, height, fpsNum, fpsDen, gop);
    }

    private void open(VideoCodec kind, int fpsNum, int fpsDen, int gop) {
        format = new AVFormatContext(null);
        int r = avformat_alloc_output_context2(format, null, kind.container(), temp.toString());
        if (r < 0) {
            format = null;
            throw fail("no " + kind.container() + " muxer in the FFmpeg preset", r);
        }
        AVCodec encoder = avcodec_find_encoder_by_name(kind.encoder());
        if (encoder == null) {
            throw new VideoException(
                    target,
                    VideoException.Kind.NO_VIDEO_STREAM,
                    "the FFmpeg preset has no encoder '" + kind.encoder() + "'");
        }
        stream = avformat_new_stream(format, null);
        codec = avcodec_alloc_context3(encoder);
        AVRational timeBase = new AVRational().num(fpsDen).den(fpsNum);
        codec.width(width)
                .height(height)
                .pix_fmt(AV_PIX_FMT_YUV420P)
                .time_base(timeBase)
                .framerate(new AVRational().num(fpsNum).den(fpsDen))
                .gop_size(gop);
        AVDictionary options = new AVDictionary(null);
        try {
            switch (kind) {
                case XVID_AVI -> {
                    codec.codec_tag('X' | 'V' << 8 | 'I' << 16 | 'D' << 24);
                    codec.max_b_frames(2);
                    codec.flags(codec.flags() | AV_CODEC_FLAG_QSCALE);
                    codec.global_quality(2 * FF_QP2LAMBDA);
                }
                case H264_MP4 -> {
                    codec.bit_rate(Math.max(200_000L, (long) (width * height * 6.0 * fpsNum / fpsDen)));
                    av_dict_set(options, "allow_skip_frames", "0", 0);
                }
                case VP9_WEBM -> {
                    codec.bit_rate(0);
                    av_dict_set(options, "crf", "20", 0);
                    av_dict_set(options, "deadline", "realtime", 0);
                    av_dict_set(options, "cpu-used", "8", 0);
                }
            }
            if ((format.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
                codec.flags(codec.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            }
            r = avcodec_open2(codec, encoder, options);
            if (r < 0) {
                throw fail("cannot open the " + kind.encoder() + " encoder", r);
            }
        } finally {
            av_dict_free(options);
        }
        r = avcodec_parameters_from_context(stream.codecpar(), codec);
        if (r < 0) {
            throw fail("cannot copy the encoder parameters", r);
        }
        stream.time_base(codec.time_base());
        stream.avg_frame_rate(codec.framerate());
        AVIOContext io = new AVIOContext(null);
        r = avio_open(io, temp.toString(), AVIO_FLAG_WRITE);
        if (r < 0) {
            throw fail("cannot open " + temp + " for writing", r);
        }
        format.pb(io);
        r = avformat_write_header(format, (AVDictionary) null);
        if (r < 0) {
            throw fail("cannot write the " + kind.container() + " header", r);
        }
        frame = av_frame_alloc();
        frame.format(AV_PIX_FMT_YUV420P).width(width).height(height);
        r = av_frame_get_buffer(frame, 0);
        if (r < 0) {
            throw fail("cannot allocate a frame", r);
        }
        packet = av_packet_alloc();
        scaler = sws_getContext(
                width,
                height,
                AV_PIX_FMT_RGB24,
                width,
                height,
                AV_PIX_FMT_YUV420P,
                SWS_BILINEAR,
                null,
                null,
                (DoublePointer) null);
        if (scaler == null) {
            throw new VideoException(
                    target,
                    VideoException.Kind.CORRUPT,
                    "swscale cannot convert RGB24 to YUV 4:2:0 at " + width + "x" + height);
        }
        rgb = new RgbFrame(target, width, height);
    }

    /** Appends one RGB24 frame ({@code height * width * 3} bytes, row-major). */
    public void write(byte[] rgbFrame) {
        if (finished) {
            throw new IllegalStateException("the writer of " + target + " is closed");
        }
        if (rgbFrame.length != width * height * 3) {
            throw new IllegalArgumentException("a " + width + "x" + height + " RGB frame has " + width * height * 3
                    + " bytes but " + rgbFrame.length + " were given");
        }
        int r = av_frame_make_writable(frame);
        if (r < 0) {
            throw fail("cannot make the frame writable", r);
        }
        rgb.copyFrom(target, rgbFrame);
        AVFrame src = rgb.frame();
        sws_scale(scaler, src.data(), src.linesize(), 0, height, frame.data(), frame.linesize());
        frame.pts(frames++);
        send(frame);
    }

    /** Appends every frame of {@code clip} (its size must match the writer's). */
    public void write(RgbClip clip) {
        if (clip.width() != width || clip.height() != height) {
            throw new IllegalArgumentException("clip frames are " + clip.width() + "x" + clip.height()
                    + " but the writer of " + target + " takes " + width + "x" + height);
        }
        for (int t = 0; t < clip.frames(); t++) {
            write(clip.frame(t));
        }
    }

    private void send(AVFrame f) {
        int r = avcodec_send_frame(codec, f);
        if (r < 0) {
            throw fail("the encoder rejected frame " + frames, r);
        }
        while (true) {
            r = avcodec_receive_packet(codec, packet);
            if (r == AVERROR_EAGAIN() || r == AVERROR_EOF) {
                return;
            }
            if (r < 0) {
                throw fail("encoding failed", r);
            }
            try {
                av_packet_rescale_ts(packet, codec.time_base(), stream.time_base());
                packet.stream_index(stream.index());
                r = av_interleaved_write_frame(format, packet);
                if (r < 0) {
                    throw fail("cannot write a packet", r);
                }
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    /** Flushes the encoder, writes the trailer and moves the file into place. */
    @Override
    public void close() {
        if (finished) {
            return;
        }
        boolean ok = false;
        try {
            if (frames == 0) {
                throw new IllegalStateException("no frame was written to " + target);
            }
            send(null);
            int r = av_write_trailer(format);
            if (r < 0) {
                throw fail("cannot write the trailer", r);
            }
            free();
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            ok = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + temp + " to " + target, e);
        } finally {
            finished = true;
            if (!ok) {
                abort();
            }
        }
    }

    /** Frees everything and deletes the temporary file; the target is left untouched. */
    public void abort() {
        finished = true;
        free();
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // The temporary file stays behind; nothing else depends on it.
        }
    }

    private void free() {
        if (rgb != null) {
            rgb.close();
            rgb = null;
        }
        if (scaler != null) {
            sws_freeContext(scaler);
            scaler = null;
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (frame != null) {
            av_frame_free(frame);
            frame = null;
        }
        if (codec != null) {
            avcodec_free_context(codec);
            codec = null;
        }
        if (format != null) {
            if (format.pb() != null) {
                avio_closep(format.pb());
            }
            avformat_free_context(format);
            format = null;
        }
    }

    private VideoException fail(String what, int error) {
        return new VideoException(target, VideoException.Kind.CORRUPT, what + ": " + FFmpegNatives.describe(error));
    }
}
