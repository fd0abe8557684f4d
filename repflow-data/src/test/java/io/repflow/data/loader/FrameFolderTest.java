package io.repflow.data.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.data.LabeledClips;
import io.repflow.data.RgbClip;
import io.repflow.data.dataset.DatasetException;
import io.repflow.data.dataset.ListFile;
import io.repflow.data.dataset.VideoDataset;
import io.repflow.data.sampling.ClipSampler;
import io.repflow.data.testing.VideoCorpus;
import io.repflow.data.transform.ClipTransform;
import io.repflow.data.video.FrameFolderReader;
import io.repflow.data.video.FrameSize;
import io.repflow.data.video.VideoException;
import io.repflow.data.video.VideoFixtures;
import io.repflow.data.video.VideoReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MMAction2's rawframes layout through the loader: frames extracted from the H.264 fixture by the FFmpeg preset's
 * {@code ffmpeg} program (PNG and JPEG) give the clips FFmpeg decodes from the video itself, and bad folders
 * follow the bad-video policy with the folder or file named.
 */
class FrameFolderTest {

    @TempDir
    static Path dir;

    private static Path video;
    private static long frames;

    @BeforeAll
    static void extractFrames() throws IOException, InterruptedException {
        video = VideoFixtures.copy(VideoFixtures.H264, dir);
        frames = Long.parseLong(VideoFixtures.facts().getProperty(VideoFixtures.H264 + ".frames"));
        extract("png", "png", List.of("-pix_fmt", "rgb24"));
        extract("jpg", "jpg", List.of("-q:v", "2"));
    }

    private static void extract(String folder, String extension, List<String> options)
            throws IOException, InterruptedException {
        Path out = Files.createDirectories(dir.resolve(folder));
        List<String> cmd = new ArrayList<>(
                List.of(VideoCorpus.ffmpeg().toString(), "-v", "error", "-i", video.toString(), "-start_number", "1"));
        cmd.addAll(options);
        cmd.add(out.resolve("img_%05d." + extension).toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0, String.join(" ", cmd) + ": " + log);
    }

    @Test
    void framesEqualWhatFfmpegDecodesFromTheVideo() {
        long[] wanted = {0, 7, 7, 33, frames - 1, 12};
        try (VideoReader v = VideoReader.open(video);
                FrameFolderReader png = FrameFolderReader.open(dir.resolve("png"), frames);
                FrameFolderReader jpg = FrameFolderReader.open(dir.resolve("jpg"), frames)) {
            assertEquals(VideoFixtures.WIDTH, png.info().width());
            assertEquals(VideoFixtures.HEIGHT, png.info().height());
            assertEquals(frames, png.info().frameCount());
            RgbClip decoded = v.read(wanted, FrameSize.source());
            RgbClip fromPng = png.read(wanted, FrameSize.source());
            assertTrue(maxAbsDiff(decoded, fromPng) <= 1, "PNG frames: max |diff| " + maxAbsDiff(decoded, fromPng));
            for (int t = 0; t < wanted.length; t++) {
                assertEquals(wanted[t], VideoFixtures.patternIndex(fromPng, t), "frame " + t + " is the one asked for");
            }
            // JPEG at q 2 is lossy: close, and each frame is the right one
            RgbClip fromJpg = jpg.read(wanted, FrameSize.source());
            assertTrue(meanAbsDiff(decoded, fromJpg) < 3, "JPEG frames: mean |diff| " + meanAbsDiff(decoded, fromJpg));
            for (int t = 0; t < wanted.length; t++) {
                assertEquals(wanted[t], VideoFixtures.patternIndex(fromJpg, t));
            }
            RgbClip half = png.read(new long[] {3}, FrameSize.shortSide(48));
            assertEquals(64, half.width());
            assertEquals(48, half.height());
        }
    }

    @Test
    void theLoaderGivesTheSameTrainingClipsFromFramesAsFromTheVideo() throws IOException {
        Path videoList = Files.writeString(dir.resolve("videos.txt"), VideoFixtures.H264 + " 0\n");
        Path framesList = Files.writeString(dir.resolve("frames.txt"), "# rawframes\npng " + frames + " 0\n");
        VideoDataset fromVideo = ListFile.load(videoList);
        VideoDataset fromFrames = ListFile.loadFrames(framesList);
        assertTrue(fromFrames.get(0).isFrameFolder());
        assertEquals(dir.resolve("png"), fromFrames.get(0).path());
        float[] a = firstBatch(fromVideo).clips().toArray();
        float[] b = firstBatch(fromFrames).clips().toArray();
        assertEquals(a.length, b.length);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        // at the source size (no scaling; the two scale in other colour spaces): one 8-bit step in [-1, 1] is 2/255
        assertTrue(worst <= 2.0 / 255 + 1e-6, "max |diff| " + worst);
    }

    @Test
    void badFoldersAreSkippedWithTheirNameOrFailTheEpoch() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("bad/empty"));
        Path shortFolder = copyFrames("bad/short", 10);
        // 8 frames, as many as a clip reads: every clip meets the damaged one
        Path zero = copyFrames("bad/zero", 8);
        Files.write(FrameFolderReader.frameFile(zero, 4, "png"), new byte[0]);
        Path garbage = copyFrames("bad/garbage", 8);
        Files.writeString(FrameFolderReader.frameFile(garbage, 2, "png"), "not an image");
        String list = "../png " + frames + " 0\n" + "empty " + frames + " 0\n" + "short " + frames + " 1\n"
                + "zero 8 1\n" + "garbage 8 0\n" + "missing " + frames + " 1\n";
        VideoDataset d = ListFile.loadFrames(Files.writeString(dir.resolve("bad/list.txt"), list));
        VideoClipSource source = VideoClipSource.training(d, ClipSampler.stride(8, 1), ClipTransform.training(48, 40));
        try (VideoLoader loader = VideoLoader.builder(source)
                        .batchSize(6)
                        .workers(2)
                        .policy(BadVideoPolicy.SKIP)
                        .shuffle(false)
                        .build();
                Epoch e = loader.epoch(0)) {
            int clips = 0;
            while (e.hasNext()) {
                clips += e.next().size();
            }
            assertEquals(1, clips);
            List<String> messages =
                    e.report().skipped().stream().map(SkippedSample::message).toList();
            assertEquals(5, messages.size(), messages.toString());
            assertTrue(messages.get(0).contains(empty + ": holds no first frame img_00001.jpg"), messages.get(0));
            assertTrue(
                    messages.get(1)
                            .contains(shortFolder + ": the list says " + frames + " frames but img_000" + frames
                                    + ".png is missing"),
                    messages.get(1));
            assertTrue(messages.get(2).contains("img_00005.png: frame image has zero bytes"), messages.get(2));
            assertTrue(messages.get(3).contains("img_00003.png"), messages.get(3));
            assertTrue(
                    messages.get(4).contains(dir.resolve("bad/missing") + ": no such frame folder"), messages.get(4));
        }
        try (VideoLoader loader = VideoLoader.builder(source)
                        .batchSize(6)
                        .workers(1)
                        .policy(BadVideoPolicy.FAIL)
                        .shuffle(false)
                        .build();
                Epoch e = loader.epoch(0)) {
            VideoException ex = assertThrows(VideoException.class, () -> {
                while (e.hasNext()) {
                    e.next();
                }
            });
            assertEquals(empty, ex.path());
        }
    }

    @Test
    void aRawframesListNeedsAFrameCount() throws IOException {
        Path list = Files.writeString(dir.resolve("two-fields.txt"), "png 0\n");
        DatasetException e = assertThrows(DatasetException.class, () -> ListFile.loadFrames(list));
        assertTrue(e.getMessage().contains("'<folder> <num_frames> <label>'"), e.getMessage());
        Path zero = Files.writeString(dir.resolve("zero.txt"), "png 0 1\n");
        e = assertThrows(DatasetException.class, () -> ListFile.loadFrames(zero));
        assertTrue(e.getMessage().contains("num_frames must be >= 1 but is 0"), e.getMessage());
    }

    private static LabeledClips firstBatch(VideoDataset d) {
        VideoClipSource source =
                VideoClipSource.training(d, ClipSampler.stride(8, 1), ClipTransform.training(VideoFixtures.HEIGHT, 40));
        try (VideoLoader loader = VideoLoader.builder(source)
                        .batchSize(1)
                        .workers(1)
                        .seed(5)
                        .build();
                Epoch e = loader.epoch(0)) {
            return e.next();
        }
    }

    private static Path copyFrames(String folder, int count) throws IOException {
        Path out = Files.createDirectories(dir.resolve(folder));
        for (int i = 0; i < count; i++) {
            Files.copy(
                    FrameFolderReader.frameFile(dir.resolve("png"), i, "png"),
                    FrameFolderReader.frameFile(out, i, "png"));
        }
        return out;
    }

    private static int maxAbsDiff(RgbClip a, RgbClip b) {
        assertArrayEquals(new int[] {a.frames(), a.height(), a.width()}, new int[] {b.frames(), b.height(), b.width()});
        int worst = 0;
        for (int i = 0; i < a.data().length; i++) {
            worst = Math.max(worst, Math.abs((a.data()[i] & 0xff) - (b.data()[i] & 0xff)));
        }
        return worst;
    }

    private static double meanAbsDiff(RgbClip a, RgbClip b) {
        long sum = 0;
        for (int i = 0; i < a.data().length; i++) {
            sum += Math.abs((a.data()[i] & 0xff) - (b.data()[i] & 0xff));
        }
        return (double) sum / a.data().length;
    }
}
