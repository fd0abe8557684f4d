package io.repflow.data.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.Shape;
import io.repflow.data.LabeledClips;
import io.repflow.data.RgbClip;
import io.repflow.data.dataset.ListFile;
import io.repflow.data.dataset.VideoDataset;
import io.repflow.data.dataset.VideoSample;
import io.repflow.data.sampling.ClipSampler;
import io.repflow.data.synthetic.MotionClass;
import io.repflow.data.synthetic.SyntheticMotion;
import io.repflow.data.synthetic.SyntheticVideos;
import io.repflow.data.transform.ClipTransform;
import io.repflow.data.transform.Crop;
import io.repflow.data.transform.Flip;
import io.repflow.data.video.FrameSize;
import io.repflow.data.video.VideoCodec;
import io.repflow.data.video.VideoException;
import io.repflow.data.video.VideoReader;
import io.repflow.data.video.VideoWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoLoaderTest {

    private static final int VIDEOS = 10;

    @TempDir
    static Path dir;

    private static VideoDataset good;

    @BeforeAll
    static void writeVideos() {
        SyntheticMotion data = SyntheticMotion.builder()
                .classes(MotionClass.translations4())
                .frames(12)
                .size(48, 64)
                .seed(8)
                .build();
        Path list = SyntheticVideos.write(data, dir.resolve("videos"), 0, VIDEOS, VideoCodec.XVID_AVI, 25);
        good = ListFile.load(list, dir.resolve("videos").resolve(SyntheticVideos.CLASSES_FILE));
    }

    private static List<LabeledClips> run(ClipSource source, int workers, int epoch, long seed) {
        List<LabeledClips> out = new ArrayList<>();
        try (VideoLoader loader = VideoLoader.builder(source)
                        .batchSize(3)
                        .workers(workers)
                        .prefetchBatches(2)
                        .seed(seed)
                        .build();
                Epoch e = loader.epoch(epoch)) {
            e.forEachRemaining(out::add);
        }
        return out;
    }

    private static VideoClipSource trainingSource(VideoDataset d) {
        return VideoClipSource.training(d, ClipSampler.stride(4, 2), ClipTransform.training(48, 40));
    }

    @Test
    void batchesAreIdenticalAcrossRunsAndWorkerCounts() {
        List<LabeledClips> one = run(trainingSource(good), 1, 0, 42);
        List<LabeledClips> three = run(trainingSource(good), 3, 0, 42);
        List<LabeledClips> again = run(trainingSource(good), 2, 0, 42);
        assertEquals(4, one.size());
        assertEquals(Shape.of(3, 3, 4, 40, 40), one.get(0).clips().shape());
        assertEquals(Shape.of(1, 3, 4, 40, 40), one.get(3).clips().shape(), "the last batch holds the rest");
        assertEquals(one, three);
        assertEquals(one, again);
        List<LabeledClips> otherEpoch = run(trainingSource(good), 2, 1, 42);
        assertNotEquals(one, otherEpoch);
        // every sample exactly once per epoch, with its label
        int[] seen = new int[VIDEOS];
        for (LabeledClips b : otherEpoch) {
            for (int r = 0; r < b.size(); r++) {
                int idx = b.sampleIndices()[r];
                seen[idx]++;
                assertEquals(good.get(idx).label(), b.label(r));
            }
        }
        int[] ones = new int[VIDEOS];
        Arrays.fill(ones, 1);
        assertArrayEquals(ones, seen);
    }

    @Test
    void syntheticSourceBatchesEqualTheGenerator() {
        SyntheticMotion data =
                SyntheticMotion.builder().seed(5).frames(4).size(16, 16).build();
        List<LabeledClips> batches;
        try (VideoLoader loader = VideoLoader.builder(new SyntheticClipSource(data, 7))
                        .batchSize(7)
                        .shuffle(false)
                        .workers(2)
                        .build();
                Epoch e = loader.epoch(0)) {
            batches = new ArrayList<>();
            e.forEachRemaining(batches::add);
        }
        assertEquals(1, batches.size());
        assertEquals(data.batch(0, 7), batches.get(0));
    }

    /** The loader's views are the decoder's frames cropped as the transform says (checked independently). */
    @Test
    void testingViewsAreCropsOfTheDecodedClips() {
        ClipSampler sampler = ClipSampler.stride(4, 3);
        ClipTransform transform = new ClipTransform(
                48, 32, 32, Crop.fiveCrop(), Flip.BOTH, io.repflow.data.transform.ValueMapping.unitRange());
        VideoClipSource source = VideoClipSource.testing(good, sampler, transform, 2);
        assertEquals(20, source.viewsPerSample());
        SampleClips sample = source.load(4, 0);
        int per = 3 * 4 * 32 * 32;
        assertEquals(20 * per, sample.data().length);
        try (VideoReader reader = VideoReader.open(good.get(4).path())) {
            long[][] clips = sampler.uniform(reader.info(), 2);
            assertArrayEquals(new long[] {2, 5, 8, 11}, clips[1], "12 frames, span 10: starts 0 and 2");
            RgbClip second = reader.read(clips[1], FrameSize.shortSide(48));
            assertEquals(64, second.width());
            // view 10 + 3 = second clip, second crop (top-right, x = 64-32), mirrored
            int base = 13 * per;
            for (int y = 0; y < 32; y += 7) {
                for (int x = 0; x < 32; x += 5) {
                    float expected = second.get(2, y, 32 + 31 - x, 1) / 255f;
                    assertEquals(expected, sample.data()[base + per / 3 + (2 * 32 + y) * 32 + x], 1e-6f);
                }
            }
        }
    }

    @Test
    void badVideosAreSkippedAndCountedOrFailTheEpoch() throws IOException {
        List<VideoSample> samples = new ArrayList<>(good.samples());
        Path missing = dir.resolve("videos/none.avi");
        Path text = Files.writeString(dir.resolve("videos/text.avi"), "hello");
        Path shortVideo = dir.resolve("videos/short.avi");
        try (VideoWriter w = VideoWriter.open(shortVideo, VideoCodec.XVID_AVI, 64, 48, 25, 1)) {
            SyntheticMotion tiny =
                    SyntheticMotion.builder().frames(3).size(48, 64).build();
            w.write(tiny.render(0));
        }
        samples.add(2, new VideoSample(missing, 0));
        samples.add(5, new VideoSample(text, 1));
        samples.add(new VideoSample(shortVideo, 2));
        VideoDataset mixed = new VideoDataset("mixed", good.classes(), samples);

        try (VideoLoader loader = VideoLoader.builder(trainingSource(mixed))
                .batchSize(4)
                .workers(2)
                .policy(BadVideoPolicy.SKIP)
                .seed(3)
                .build()) {
            int clips = 0;
            try (Epoch e = loader.epoch(0)) {
                while (e.hasNext()) {
                    clips += e.next().size();
                }
                EpochReport report = e.report();
                assertEquals(13, report.planned());
                assertEquals(10, report.delivered());
                assertEquals(3, report.skippedCount());
                assertEquals(report, loader.lastReport());
                List<VideoException.Kind> kinds = report.skipped().stream()
                        .map(SkippedSample::kind)
                        .sorted()
                        .toList();
                assertEquals(
                        List.of(
                                VideoException.Kind.MISSING,
                                VideoException.Kind.NOT_A_VIDEO,
                                VideoException.Kind.TOO_SHORT),
                        kinds);
                assertTrue(report.skipped().stream().anyMatch(s -> s.message().contains(shortVideo.toString())));
            }
            assertEquals(10, clips);
        }

        try (VideoLoader loader = VideoLoader.builder(trainingSource(mixed))
                        .batchSize(4)
                        .workers(2)
                        .policy(BadVideoPolicy.FAIL)
                        .shuffle(false)
                        .build();
                Epoch e = loader.epoch(0)) {
            VideoException ex = assertThrows(VideoException.class, () -> {
                while (e.hasNext()) {
                    e.next();
                }
            });
            assertEquals(missing, ex.path(), "the first bad file in epoch order is named");
            assertTrue(ex.getMessage().startsWith(missing.toString()), ex.getMessage());
        }
    }

    /** Bad videos shrink their own batch (or drop it) without moving other samples; epochs start at any batch. */
    @Test
    void batchesKeepTheirSamplesAndAnEpochCanStartAtAnyBatch() throws IOException {
        List<VideoSample> samples = new ArrayList<>(good.samples());
        Path empty = Files.write(dir.resolve("videos/empty.avi"), new byte[0]);
        samples.set(3, new VideoSample(empty, samples.get(3).label()));
        VideoDataset holed = new VideoDataset("holed", good.classes(), samples);
        VideoClipSource clean = trainingSource(good);
        VideoClipSource withHole = trainingSource(holed);
        int[] order;
        List<LabeledClips> full = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        try (VideoLoader loader = VideoLoader.builder(withHole)
                        .batchSize(3)
                        .workers(2)
                        .seed(9)
                        .policy(BadVideoPolicy.SKIP)
                        .build();
                Epoch e = loader.epoch(1)) {
            order = loader.order(1);
            while (e.hasNext()) {
                full.add(e.next());
                numbers.add(e.batchNumber());
            }
            assertEquals(1, e.report().skippedCount());
            assertEquals(VideoException.Kind.EMPTY, e.report().skipped().get(0).kind());
        }
        List<LabeledClips> reference = new ArrayList<>();
        try (VideoLoader loader = VideoLoader.builder(clean)
                        .batchSize(3)
                        .workers(1)
                        .seed(9)
                        .build();
                Epoch e = loader.epoch(1)) {
            e.forEachRemaining(reference::add);
        }
        assertEquals(List.of(0, 1, 2, 3), numbers, "no batch is renumbered");
        int position = 0;
        for (int b = 0; b < 4; b++) {
            int[] expected = Arrays.stream(order, 3 * b, Math.min(VIDEOS, 3 * b + 3))
                    .filter(i -> i != 3)
                    .toArray();
            assertArrayEquals(expected, full.get(b).sampleIndices(), "batch " + b + " holds its own positions");
            position += expected.length;
            if (Arrays.stream(order, 3 * b, Math.min(VIDEOS, 3 * b + 3)).noneMatch(i -> i == 3)) {
                assertEquals(reference.get(b), full.get(b), "a batch without the bad video equals the clean one");
            }
        }
        assertEquals(VIDEOS - 1, position);
        // starting at batch 2 gives batches 2 and 3 of the whole epoch
        try (VideoLoader loader = VideoLoader.builder(withHole)
                        .batchSize(3)
                        .workers(3)
                        .seed(9)
                        .policy(BadVideoPolicy.SKIP)
                        .build();
                Epoch e = loader.epoch(1, 2)) {
            assertEquals(full.get(2), e.next());
            assertEquals(2, e.batchNumber());
            assertEquals(full.get(3), e.next());
            assertFalse(e.hasNext());
            assertEquals(VIDEOS - 6, e.report().planned());
        }
    }

    @Test
    void anEpochOfBadVideosOnlyIsAnError() throws IOException {
        Path empty = Files.write(dir.resolve("videos/empty-too.avi"), new byte[0]);
        Path text = Files.writeString(dir.resolve("videos/text-too.avi"), "not a video");
        VideoDataset bad =
                new VideoDataset("bad", good.classes(), List.of(new VideoSample(empty, 0), new VideoSample(text, 1)));
        try (VideoLoader loader = VideoLoader.builder(trainingSource(bad))
                        .batchSize(1)
                        .policy(BadVideoPolicy.SKIP)
                        .build();
                Epoch e = loader.epoch(0)) {
            NoUsableSamplesException ex = assertThrows(NoUsableSamplesException.class, e::hasNext);
            assertTrue(
                    ex.getMessage().contains("all 2 samples") && ex.getMessage().contains("bad videos"),
                    ex.getMessage());
        }
    }

    /** An HMDB51-style layout over the written videos: split files pick the subsets, folders give labels. */
    @Test
    void hmdb51LayoutDecodesThroughTheLoader() throws IOException {
        Path videos = dir.resolve("videos");
        Path splits = Files.createDirectories(dir.resolve("hmdb-splits"));
        List<String> classes = new ArrayList<>();
        try (var s = Files.list(videos)) {
            s.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .forEach(classes::add);
        }
        int line = 0;
        for (String cls : classes) {
            StringBuilder sb = new StringBuilder();
            try (var s = Files.list(videos.resolve(cls))) {
                for (Path f : s.sorted().toList()) {
                    sb.append(f.getFileName())
                            .append(' ')
                            .append(line++ % 2 == 0 ? 1 : 2)
                            .append(" \n");
                }
            }
            Files.writeString(splits.resolve(cls + "_test_split1.txt"), sb.toString());
        }
        io.repflow.data.dataset.VideoDataset test =
                io.repflow.data.dataset.Hmdb51.load(videos, splits, 1, io.repflow.data.dataset.Subset.TEST);
        assertEquals(classes, test.classes());
        VideoClipSource source =
                VideoClipSource.testing(test, ClipSampler.stride(8, 1), ClipTransform.testing(48, 48), 2);
        int rows = 0;
        try (VideoLoader loader =
                        VideoLoader.builder(source).batchSize(2).shuffle(false).build();
                Epoch e = loader.epoch(0)) {
            while (e.hasNext()) {
                LabeledClips b = e.next();
                for (int r = 0; r < b.size(); r++) {
                    VideoSample sample = test.get(b.sampleIndices()[r]);
                    assertEquals(
                            classes.indexOf(
                                    sample.path().getParent().getFileName().toString()),
                            b.label(r));
                }
                rows += b.size();
            }
        }
        assertEquals(2 * test.size(), rows, "two clips per video");
        assertTrue(test.size() >= 4, "half of the 10 videos are test videos: " + test.size());
    }

    @Test
    void closingTheLoaderStopsItsThreads() throws InterruptedException {
        VideoLoader loader = VideoLoader.builder(trainingSource(good))
                .batchSize(2)
                .workers(3)
                .prefetchBatches(3)
                .build();
        Epoch e = loader.epoch(0);
        e.next();
        String prefix = loader.threadPrefix();
        assertTrue(liveThreads(prefix) > 0, "workers run while the loader is open");
        loader.close();
        assertEquals(0, liveThreads(prefix), "no worker thread survives close()");
        assertThrows(IllegalStateException.class, () -> loader.epoch(1));
        assertThrows(IllegalStateException.class, e::next);
        loader.close();
    }

    @Test
    void dropLastAndBadSettings() {
        try (VideoLoader loader = VideoLoader.builder(trainingSource(good))
                        .batchSize(4)
                        .dropLast(true)
                        .build();
                Epoch e = loader.epoch(2)) {
            int batches = 0;
            while (e.hasNext()) {
                assertEquals(4, e.next().size());
                batches++;
            }
            assertEquals(2, batches);
            assertEquals(2, loader.batchesPerEpoch());
            assertFalse(e.hasNext());
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> VideoLoader.builder(trainingSource(good)).workers(0));
        assertThrows(
                IllegalArgumentException.class,
                () -> VideoLoader.builder(trainingSource(good)).batchSize(0));
    }

    private static int liveThreads(String prefix) {
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix) && t.isAlive()) {
                n++;
            }
        }
        return n;
    }
}
