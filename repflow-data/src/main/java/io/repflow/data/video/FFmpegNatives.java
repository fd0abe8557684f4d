package io.repflow.data.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_DEBUG;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_INFO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;

import java.util.Locale;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * Loads the FFmpeg preset's natives once and sets FFmpeg's own log level. FFmpeg logs to stderr; repflow
 * turns that off ({@code fatal}) because every problem reaches the caller as a {@link VideoException}.
 * Set {@code -Drepflow.ffmpeg.logLevel=error|warning|info|debug} to see FFmpeg's messages.
 */
final class FFmpegNatives {

    private FFmpegNatives() {}

    /** Holder idiom: the natives load and the level is set exactly once, on first use. */
    private static final class Loaded {
        static final boolean DONE = init();

        private static boolean init() {
            String level =
                    System.getProperty("repflow.ffmpeg.logLevel", "fatal").toLowerCase(Locale.ROOT);
            int value = switch (level) {
                case "quiet" -> AV_LOG_QUIET;
                case "error" -> AV_LOG_ERROR;
                case "warning" -> AV_LOG_WARNING;
                case "info" -> AV_LOG_INFO;
                case "debug" -> AV_LOG_DEBUG;
                default -> AV_LOG_FATAL;
            };
            try {
                avutil.av_log_set_level(value);
            } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
                throw new IllegalStateException(
                        "the FFmpeg natives (org.bytedeco:ffmpeg:7.1-1.5.11:linux-x86_64) cannot"
                                + " be loaded; on the module path add --add-modules org.bytedeco.ffmpeg.linux.x86_64,"
                                + " on the class path put the linux-x86_64 jar next to the ffmpeg jar: " + e,
                        e);
            }
            return true;
        }
    }

    static void ensureLoaded() {
        if (!Loaded.DONE) {
            throw new IllegalStateException("FFmpeg natives did not initialise");
        }
    }

    /** FFmpeg's text for an error code, e.g. "Invalid data found when processing input". */
    static String describe(int error) {
        byte[] buf = new byte[256];
        if (avutil.av_strerror(error, buf, buf.length) < 0) {
            return "FFmpeg error " + error;
        }
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8) + " (" + error + ")";
    }
}
