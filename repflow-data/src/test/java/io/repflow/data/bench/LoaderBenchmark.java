package io.repflow.data.bench;

import io.repflow.data.LabeledClips;
import io.repflow.data.dataset.VideoDataset;
import io.repflow.data.dataset.VideoSample;
import io.repflow.data.loader.Epoch;
import io.repflow.data.loader.VideoClipSource;
import io.repflow.data.loader.VideoLoader;
import io.repflow.data.sampling.ClipSampler;
import io.repflow.data.synthetic.MotionClass;
import io.repflow.data.synthetic.SyntheticMotion;
import io.repflow.data.testing.DebianFfmpeg;
import io.repflow.data.transform.ClipTransform;
import io.repflow.data.video.VideoCodec;
import io.repflow.data.video.VideoReader;
import io.repflow.data.video.VideoWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Loader throughput runner (not a test): clips of 16×112×112 (16 consecutive frames, decoded at short side
 * 128 by swscale, random 112 crop, random flip, values to [-1,1]) from 320×240 XviD .avi and H.264 .mp4 files,
 * in clips per second for 1 and 2 workers, and from the H.264 files' frames extracted as MMAction2 rawframes (JPEG at
 * quality 2, short side 128, so the loader decodes only a clip's 16 images and scales none).
 *
 * <pre>mvn -o -B -pl repflow-data -am verify -Pbench -DskipTests</pre>
 *
 * System properties: {@code bench.videos} (files per codec, 8), {@code bench.frames} (frames per file, 150 =
 * 6 s at 25 fps), {@code bench.gop} (keyframe interval, 250 as in x264's and XviD's defaults), {@code bench.clips}
 * (measured clips per run, 400), {@code bench.cell} (texture cell of the synthetic content in pixels, 8:
 * smoother content at camera-like bitrates), {@code bench.workers} ("1,2"), {@code bench.dir} (where the videos go;
 * reused when present). H.264 files come from Debian's ffmpeg with libx264 (B-frames, as in Kinetics) when it is
 * on the PATH, otherwise from the preset's OpenH264 (no B-frames); the output says which.
 */
public final class LoaderBenchmark {

    private LoaderBenchmark() {}

    public static void main(String[] args) throws Exception {
        int videos = Integer.getInteger("bench.videos", 8);
        int frames = Integer.getInteger("bench.frames", 150);
        int gop = Integer.getInteger("bench.gop", 250);
        int clips = Integer.getInteger("bench.clips", 400);
        String[] workerList = System.getProperty("bench.workers", "1,2").split(",");
        Path dir = Path.of(System.getProperty("bench.dir", "target/bench-videos"));
        Files.createDirectories(dir);

        System.out.printf(
                Locale.ROOT,
                "repflow-data loader benchmark: %d cores, Java %s%n",
                Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        List<Path> xvid = new ArrayList<>();
        List<Path> h264 = new ArrayList<>();
        List<Path> frameFolders = new ArrayList<>();
        boolean x264 = DebianFfmpeg.hasX264();
        for (int i = 0; i < videos; i++) {
            xvid.add(makeXvid(dir, i, frames, gop));
            h264.add(x264 ? makeX264(dir, i, frames, gop) : makeOpenH264(dir, i, frames, gop));
            frameFolders.add(extractFrames(h264.get(i)));
        }
        try (VideoReader r = VideoReader.open(h264.get(0))) {
            System.out.printf(
                    Locale.ROOT,
                    "H.264 files: %s (%s, %d frames)%n",
                    x264 ? "libx264 via Debian ffmpeg, B-frames" : "OpenH264 via the preset, no B-frames",
                    r.info().codec(),
                    r.info().frameCount());
        }
        System.out.printf(
                Locale.ROOT,
                "videos: %d per codec, 320x240, %d frames at 25 fps, keyframe interval %d%n",
                videos,
                frames,
                gop);
        System.out.println();
        System.out.println("Wall-clock rates depend on what else runs. CPU ms/clip: the decode workers' own threads");
        System.out.println("(ThreadMXBean) and the whole process (all threads incl. FFmpeg's, GC, batching);");
        System.out.println("2000 / (process CPU ms/clip) estimates clips/s on 2 otherwise idle cores.");
        System.out.println();
        System.out.println("| input | kbit/s | workers | clips/s (wall) | worker CPU ms/clip | process CPU ms/clip"
                + " | est. clips/s on 2 idle cores | load avg |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (String[] run : new String[][] {{"XviD .avi", "x"}, {"H.264 .mp4", "h"}, {"JPEG frames", "f"}}) {
            List<Path> files = run[1].equals("x") ? xvid : run[1].equals("h") ? h264 : frameFolders;
            long bytes = 0;
            for (Path f : files) {
                bytes += size(f);
            }
            double kbps = bytes * 8.0 / 1000 / (files.size() * frames / 25.0);
            for (String w : workerList) {
                int workers = Integer.parseInt(w.trim());
                double[] r = measure(files, run[1].equals("f") ? frames : 0, workers, clips);
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %.0f | %d | %.1f | %.1f | %.1f | %.0f | %.1f |%n",
                        run[0],
                        kbps,
                        workers,
                        r[0],
                        r[1],
                        r[2],
                        2000.0 / r[2],
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                                .getSystemLoadAverage());
            }
        }
    }

    /** Returns {clips per second of wall time, worker CPU ms per clip, process CPU ms per clip}. */
    private static double[] measure(List<Path> files, int frameCount, int workers, int clips) {
        List<VideoSample> samples = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            samples.add(new VideoSample(files.get(i), i % 2, frameCount));
        }
        VideoDataset dataset = new VideoDataset("bench", List.of("a", "b"), samples);
        VideoClipSource source =
                VideoClipSource.training(dataset, ClipSampler.stride(16, 1), ClipTransform.training(128, 112));
        int batch = 8;
        try (VideoLoader loader = VideoLoader.builder(source)
                .batchSize(batch)
                .workers(workers)
                .prefetchBatches(4)
                .seed(1)
                .build()) {
            run(loader, 48, 0); // warm-up: JIT, native caches
            long cpu0 = workerCpuNanos(loader.threadPrefix());
            long proc0 = processCpuNanos();
            long t0 = System.nanoTime();
            int done = run(loader, clips, 1000);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long cpu = workerCpuNanos(loader.threadPrefix()) - cpu0;
            long proc = processCpuNanos() - proc0;
            return new double[] {done / seconds, cpu / 1e6 / done, proc / 1e6 / done};
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long workerCpuNanos(String prefix) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix)) {
                sum += Math.max(0, mx.getThreadCpuTime(t.getId()));
            }
        }
        return sum;
    }

    private static int run(VideoLoader loader, int clips, int firstEpoch) {
        int done = 0;
        int epoch = firstEpoch;
        while (done < clips) {
            try (Epoch e = loader.epoch(epoch++)) {
                while (e.hasNext() && done < clips) {
                    LabeledClips b = e.next();
                    done += b.size();
                }
            }
        }
        return done;
    }

    private static SyntheticMotion content(int frames) {
        return SyntheticMotion.builder()
                .classes(MotionClass.all())
                .frames(frames)
                .size(240, 320)
                .seed(77)
                .textureCell(Integer.getInteger("bench.cell", 8))
                .build();
    }

    private static String tag(int frames, int gop, int i) {
        return frames + "_" + gop + "_c" + Integer.getInteger("bench.cell", 8) + "_" + i;
    }

    private static Path makeXvid(Path dir, int i, int frames, int gop) {
        Path p = dir.resolve("xvid_" + tag(frames, gop, i) + ".avi");
        if (!Files.exists(p)) {
            try (VideoWriter w = VideoWriter.open(p, VideoCodec.XVID_AVI, 320, 240, 25, 1, gop)) {
                w.write(content(frames).render(i));
            }
        }
        return p;
    }

    private static Path makeOpenH264(Path dir, int i, int frames, int gop) {
        Path p = dir.resolve("openh264_" + tag(frames, gop, i) + ".mp4");
        if (!Files.exists(p)) {
            try (VideoWriter w = VideoWriter.open(p, VideoCodec.H264_MP4, 320, 240, 25, 1, gop)) {
                w.write(content(frames).render(i));
            }
        }
        return p;
    }

    private static Path makeX264(Path dir, int i, int frames, int gop) throws IOException, InterruptedException {
        Path p = dir.resolve("x264_" + tag(frames, gop, i) + ".mp4");
        if (!Files.exists(p)) {
            DebianFfmpeg.encodeH264(content(frames).render(i), 25, gop, 3, 23, "medium", p);
        }
        return p;
    }

    /** A file's size, or the total of a folder's files. */
    private static long size(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            return Files.size(p);
        }
        try (var files = Files.list(p)) {
            long sum = 0;
            for (Path f : files.toList()) {
                sum += Files.size(f);
            }
            return sum;
        }
    }

    /** The video's frames as img_00001.jpg … at short side 128 (the preset's ffmpeg program), in a folder beside it. */
    private static Path extractFrames(Path video) throws IOException, InterruptedException {
        Path folder = video.resolveSibling(video.getFileName().toString().replace('.', '_') + "_frames");
        if (!Files.isDirectory(folder)) {
            Path partial = Files.createDirectories(video.resolveSibling(folder.getFileName() + ".partial"));
            Process proc = new ProcessBuilder(
                            io.repflow.data.testing.VideoCorpus.ffmpeg().toString(),
                            "-v",
                            "error",
                            "-y",
                            "-i",
                            video.toString(),
                            "-vf",
                            "scale=-2:128",
                            "-q:v",
                            "2",
                            "-start_number",
                            "1",
                            partial.resolve("img_%05d.jpg").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .start();
            if (proc.waitFor() != 0) {
                throw new IOException("ffmpeg failed to extract the frames of " + video);
            }
            Files.move(partial, folder);
        }
        return folder;
    }
}
