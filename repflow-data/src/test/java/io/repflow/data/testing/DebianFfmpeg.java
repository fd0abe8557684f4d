package io.repflow.data.testing;

import io.repflow.data.RgbClip;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code ffmpeg} program (on the PATH; {@code .ci/run} installs it), for what the FFmpeg preset cannot
 * make: H.264 with B-frames (libx264; the preset is built without it).
 */
public final class DebianFfmpeg {

    private DebianFfmpeg() {}

    /** True when {@code ffmpeg} is on the PATH and has libx264. */
    public static boolean hasX264() {
        try {
            Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-encoders")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 && out.contains("libx264");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Encodes {@code clip} as H.264 (libx264, yuv420p, {@code bFrames} B-frames, a keyframe every {@code gop}
     * frames, quality {@code crf}) at {@code fps} into {@code file} (its container from the extension).
     */
    public static void encodeH264(RgbClip clip, int fps, int gop, int bFrames, int crf, String preset, Path file)
            throws IOException, InterruptedException {
        List<String> cmd = List.of(
                "ffmpeg",
                "-v",
                "error",
                "-y",
                "-f",
                "rawvideo",
                "-pix_fmt",
                "rgb24",
                "-s",
                clip.width() + "x" + clip.height(),
                "-r",
                Integer.toString(fps),
                "-i",
                "-",
                "-c:v",
                "libx264",
                "-preset",
                preset,
                "-crf",
                Integer.toString(crf),
                "-bf",
                Integer.toString(bFrames),
                "-g",
                Integer.toString(gop),
                "-pix_fmt",
                "yuv420p",
                file.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(clip.data());
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("ffmpeg did not finish in 2 minutes: " + String.join(" ", cmd));
        }
        if (p.exitValue() != 0) {
            throw new IOException("ffmpeg failed to write " + file + ": " + log.strip());
        }
    }
}
