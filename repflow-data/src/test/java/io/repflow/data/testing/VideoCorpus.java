package io.repflow.data.testing;

import io.repflow.data.video.VideoException;
import io.repflow.data.video.VideoReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;

/**
 * A fuzz-style corpus of video files, made at test time (nothing is committed) by the FFmpeg preset's own
 * {@code ffmpeg} program from frames generated here: tiny and odd frame sizes from 1 to 17 pixels in several
 * codecs, containers and pixel formats, and damaged copies of some of them (truncated at several points, bits
 * flipped at seeded places). The command-line program is a writer independent of {@link VideoReader}: it has its
 * own buffers and its own conversion from the RGB frames it is given.
 *
 * <p>Public for the command's tests, which run {@code flow} and {@code predict} on part of it (test jar).
 */
public final class VideoCorpus {

    /** Frames in every generated video. */
    public static final int FRAMES = 6;

    private static final int RATE = 10;

    /** What a reader must make of a case. */
    public enum Expect {
        /** Well formed: every frame decodes at the encoded size. */
        DECODES,
        /** Damaged: either frames of the encoded size, or a {@link VideoException} naming the file. */
        RESULT_OR_ERROR
    }

    /**
     * One way to encode: codec, container (by extension), pixel format, extra flags, and whether decoding to RGB
     * gives back exactly the frames that went in (RGB formats with lossless codecs).
     */
    public record Encoding(String codec, String extension, String pixelFormat, boolean lossless, List<String> flags) {
        Encoding(String codec, String extension, String pixelFormat, boolean lossless, String... flags) {
            this(codec, extension, pixelFormat, lossless, List.of(flags));
        }

        String tag() {
            return codec + (flags.contains("-bf") ? "-bframes" : "") + "_" + pixelFormat;
        }
    }

    /**
     * A file of the corpus.
     *
     * @param reference the frames as RGB24 ({@code FRAMES x height x width x 3} bytes) for {@link Expect#DECODES}:
     *                  the frames that were encoded for lossless encodings, otherwise what the {@code ffmpeg} program
     *                  decodes (bilinear swscale, as {@link VideoReader}); null for damaged copies
     */
    public record Case(
            String name, Path file, Expect expect, Encoding encoding, int width, int height, Path reference) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The case: mpeg4 in AVI, encoded with FFmpeg's defaults (no B-frames), at every size 1..17 x 1..17. */
    public static final Encoding MPEG4_AVI = new Encoding("mpeg4", "avi", "yuv420p", false);

    /** Every other encoding, at {@link #SPREAD}. */
    public static final List<Encoding> ENCODINGS = List.of(
            new Encoding("mpeg4", "avi", "yuv420p", false, "-q:v", "2", "-bf", "2", "-vtag", "XVID"),
            new Encoding("msmpeg4", "avi", "yuv420p", false, "-q:v", "2"),
            new Encoding("mpeg2video", "mpg", "yuv420p", false, "-q:v", "2"),
            new Encoding("libopenh264", "mp4", "yuv420p", false),
            new Encoding("libvpx-vp9", "webm", "yuv420p", false, "-crf", "10", "-b:v", "0", "-deadline", "realtime"),
            new Encoding("libvpx-vp9", "webm", "yuv444p", false, "-crf", "10", "-b:v", "0", "-deadline", "realtime"),
            new Encoding("mjpeg", "avi", "yuvj420p", false, "-q:v", "2"),
            new Encoding("mjpeg", "avi", "yuvj422p", false, "-q:v", "2"),
            new Encoding("ffv1", "mkv", "yuv420p", false),
            new Encoding("ffv1", "mkv", "yuv420p10le", false),
            new Encoding("ffv1", "mkv", "gray", false),
            new Encoding("ffv1", "mkv", "bgr0", true),
            new Encoding("huffyuv", "avi", "yuv422p", false),
            new Encoding("rawvideo", "avi", "bgr24", true),
            new Encoding("rawvideo", "mkv", "rgb24", true),
            new Encoding("rawvideo", "mkv", "nv12", false),
            new Encoding("png", "mov", "rgb24", true),
            new Encoding("png", "mov", "rgba", true),
            new Encoding("png", "mov", "pal8", false));

    /** Sizes (width, height) every encoding in {@link #ENCODINGS} is tried at. */
    public static final List<int[]> SPREAD =
            sizes("1x1 2x2 3x3 4x4 5x5 6x2 2x6 7x3 3x7 1x17 17x1 2x17 17x2 9x9 13x6 16x16 17x17");

    /** Files damaged into more cases: one per codec family. */
    private static final List<String> DAMAGED_SOURCES = List.of(
            "mpeg4_yuv420p_16x16",
            "mpeg4-bframes_yuv420p_17x17",
            "libopenh264_yuv420p_16x16",
            "libvpx-vp9_yuv420p_17x17",
            "ffv1_yuv420p_9x9",
            "mjpeg_yuvj420p_13x6",
            "png_rgb24_16x16");

    private static final double[] CUTS = {0.05, 0.2, 0.4, 0.6, 0.8, 0.95, 0.999};
    private static final int FLIP_VARIANTS = 6;

    private VideoCorpus() {}

    /** The full corpus in {@code dir}: the size grid, every encoding at {@link #SPREAD}, damaged copies. */
    public static List<Case> build(Path dir) {
        List<Job> jobs = new ArrayList<>();
        for (int w = 1; w <= 17; w++) {
            for (int h = 1; h <= 17; h++) {
                jobs.add(new Job(MPEG4_AVI, w, h));
            }
        }
        for (Encoding e : ENCODINGS) {
            for (int[] s : SPREAD) {
                jobs.add(new Job(e, s[0], s[1]));
            }
        }
        List<Case> cases = encode(dir, jobs);
        cases.addAll(damage(dir, cases, DAMAGED_SOURCES));
        return cases;
    }

    /** A small corpus for slower consumers (one process per case): a few sizes per encoding family, some damage. */
    public static List<Case> small(Path dir) {
        List<Job> jobs = new ArrayList<>();
        for (int[] s : sizes("2x2 4x4 6x2 2x6 1x1 17x3")) {
            jobs.add(new Job(MPEG4_AVI, s[0], s[1]));
        }
        for (Encoding e : ENCODINGS) {
            if (e.codec().equals("libopenh264")) {
                jobs.add(new Job(e, 16, 16));
            } else if (e.codec().equals("libvpx-vp9")
                    || e.lossless()
                    || e.codec().equals("ffv1")) {
                jobs.add(new Job(e, 3, 5));
            }
        }
        List<Case> cases = encode(dir, jobs);
        cases.addAll(damage(dir, cases, List.of("libopenh264_yuv420p_16x16", "libvpx-vp9_yuv420p_3x5")));
        return cases;
    }

    /** The {@code ffmpeg} program of the FFmpeg preset (unpacked by JavaCPP on first use). */
    public static Path ffmpeg() {
        return Path.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class));
    }

    /** Pixel value of channel {@code c} at ({@code t}, {@code y}, {@code x}): smooth, moving, different per channel. */
    static int pixel(int t, int y, int x, int c) {
        double v = Math.sin(0.55 * x + 0.35 * y - 0.6 * t + 1.3 * c);
        return (int) Math.round(128 + 90 * v) + (c == 2 ? -20 : 0);
    }

    private record Job(Encoding encoding, int width, int height) {
        String name() {
            return encoding.tag() + "_" + width + "x" + height;
        }
    }

    private static List<Case> encode(Path dir, List<Job> jobs) {
        Path program = ffmpeg();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Case>> futures = new ArrayList<>();
            for (Job j : jobs) {
                futures.add(pool.submit(() -> encode(program, dir, j)));
            }
            List<Case> cases = new ArrayList<>();
            for (Future<Case> f : futures) {
                Case c = f.get();
                if (c != null) {
                    cases.add(c);
                }
            }
            return cases;
        } catch (ExecutionException e) {
            throw new IllegalStateException("making the video corpus failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the video corpus", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Encodes one case and decodes it with the {@code ffmpeg} program; null when the encoder refuses the size or
     * changes it (OpenH264 below 16 pixels or at odd sizes, HuffYUV 4:2:2 at odd widths, …): those sizes are left
     * out for that encoder. The mpeg4 grid must encode at every size.
     */
    private static Case encode(Path program, Path dir, Job j) throws IOException, InterruptedException {
        int w = j.width();
        int h = j.height();
        byte[] rgb = new byte[FRAMES * h * w * 3];
        int i = 0;
        for (int t = 0; t < FRAMES; t++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < 3; c++) {
                        rgb[i++] = (byte) pixel(t, y, x, c);
                    }
                }
            }
        }
        Path source = Files.write(dir.resolve(j.name() + ".rgb"), rgb);
        Path file = dir.resolve(j.name() + "." + j.encoding().extension());
        List<String> cmd = new ArrayList<>(List.of(
                program.toString(),
                "-nostdin",
                "-v",
                "error",
                "-y",
                "-f",
                "rawvideo",
                "-pix_fmt",
                "rgb24",
                "-s",
                w + "x" + h,
                "-r",
                Integer.toString(RATE),
                "-i",
                source.toString(),
                "-c:v",
                j.encoding().codec(),
                "-pix_fmt",
                j.encoding().pixelFormat()));
        cmd.addAll(j.encoding().flags());
        cmd.add(file.toString());
        Path log = dir.resolve(j.name() + ".ffmpeg.log");
        if (!run(cmd, log) || !Files.isRegularFile(file) || Files.size(file) == 0) {
            if (j.encoding() != MPEG4_AVI) {
                return null;
            }
            throw new IllegalStateException("ffmpeg could not make " + file + ": "
                    + Files.readString(log, StandardCharsets.UTF_8).strip());
        }
        if (j.encoding().lossless()) {
            return new Case(j.name(), file, Expect.DECODES, j.encoding(), w, h, source);
        }
        Path decoded = dir.resolve(j.name() + ".ffmpeg.rgb");
        boolean ok = run(
                List.of(
                        program.toString(),
                        "-nostdin",
                        "-v",
                        "error",
                        "-y",
                        "-i",
                        file.toString(),
                        "-sws_flags",
                        "bilinear",
                        "-f",
                        "rawvideo",
                        "-pix_fmt",
                        "rgb24",
                        decoded.toString()),
                log);
        if (!ok) {
            throw new IllegalStateException("ffmpeg could not decode " + file + ": "
                    + Files.readString(log, StandardCharsets.UTF_8).strip());
        }
        if (Files.size(decoded) != rgb.length) {
            return null; // the encoder changed the size (OpenH264 rounds odd sizes down): not this size's case
        }
        return new Case(
                j.name(), file, Expect.DECODES, j.encoding(), w, h, j.encoding().lossless() ? source : decoded);
    }

    /** Runs the {@code ffmpeg} program; true when it succeeded. */
    private static boolean run(List<String> cmd, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("ffmpeg did not finish in 2 minutes: " + String.join(" ", cmd));
        }
        return p.exitValue() == 0;
    }

    /** Truncated and bit-flipped copies of the named cases. */
    private static List<Case> damage(Path dir, List<Case> made, List<String> names) {
        List<Case> out = new ArrayList<>();
        for (String name : names) {
            Case good = made.stream()
                    .filter(c -> c.name().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no corpus case " + name + " to damage"));
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(good.file());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String ext = good.encoding().extension();
            for (double cut : CUTS) {
                int n = Math.max(1, (int) (bytes.length * cut));
                out.add(damaged(
                        dir, good, String.format("cut%03d", Math.round(cut * 1000)), ext, Arrays.copyOf(bytes, n)));
            }
            Random random = new Random(name.hashCode());
            for (int v = 0; v < FLIP_VARIANTS; v++) {
                byte[] flipped = bytes.clone();
                // even variants flip bits anywhere (1 in 200 bytes), odd ones only in the first 512 bytes (headers)
                int span = v % 2 == 0 ? flipped.length : Math.min(512, flipped.length);
                int flips = Math.max(1, v % 2 == 0 ? flipped.length / 200 : 4);
                for (int k = 0; k < flips; k++) {
                    flipped[random.nextInt(span)] ^= (byte) (1 << random.nextInt(8));
                }
                out.add(damaged(dir, good, "flip" + v, ext, flipped));
            }
        }
        return out;
    }

    private static Case damaged(Path dir, Case good, String how, String ext, byte[] bytes) {
        String name = good.name() + "_" + how;
        try {
            Path file = Files.write(dir.resolve(name + "." + ext), bytes);
            return new Case(name, file, Expect.RESULT_OR_ERROR, good.encoding(), good.width(), good.height(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<int[]> sizes(String list) {
        List<int[]> out = new ArrayList<>();
        for (String s : list.split(" ")) {
            String[] p = s.split("x");
            out.add(new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])});
        }
        return List.copyOf(out);
    }
}
