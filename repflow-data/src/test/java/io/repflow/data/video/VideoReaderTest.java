package io.repflow.data.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.HostTensor;
import io.repflow.data.RgbClip;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VideoReaderTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {VideoFixtures.XVID, VideoFixtures.H264, VideoFixtures.VP9})
    void infoMatchesWhatTheFileWasMadeWith(String name) {
        Properties facts = VideoFixtures.facts();
        try (VideoReader reader = VideoReader.open(VideoFixtures.copy(name, dir))) {
            VideoInfo info = reader.info();
            assertEquals(VideoFixtures.WIDTH, info.width());
            assertEquals(VideoFixtures.HEIGHT, info.height());
            String[] rate = facts.getProperty(name + ".rate").split("/");
            assertEquals(
                    Integer.parseInt(rate[0]) * 1.0 / (rate.length > 1 ? Integer.parseInt(rate[1]) : 1),
                    info.frameRate(),
                    1e-9,
                    "frame rate");
            int frames = Integer.parseInt(facts.getProperty(name + ".frames"));
            assertEquals(frames, reader.countFrames(), "decoded frames");
            if (info.frameCountExact()) {
                assertEquals(frames, info.frameCount());
            } else {
                assertTrue(
                        Math.abs(info.frameCount() - frames) <= 1, "estimated " + info.frameCount() + " vs " + frames);
            }
            assertEquals(
                    switch (name) {
                        case VideoFixtures.XVID -> "mpeg4";
                        case VideoFixtures.H264 -> "h264";
                        default -> "vp9";
                    },
                    info.codec());
        }
    }

    /**
     * Every frame, decoded in order, is the right frame and matches Debian's ffmpeg 5.1 decode (bit-exact on the
     * machine the fixtures were made on; the small tolerance allows other SIMD paths in swscale).
     */
    @ParameterizedTest
    @ValueSource(strings = {VideoFixtures.XVID, VideoFixtures.H264, VideoFixtures.VP9})
    void sequentialDecodeMatchesDebianFfmpeg(String name) {
        Properties facts = VideoFixtures.facts();
        int frames = Integer.parseInt(facts.getProperty(name + ".frames"));
        HostTensor blocks = VideoFixtures.npy(name + ".blocks.npy", dir);
        HostTensor crop = VideoFixtures.npy(name + ".crop.npy", dir);
        int cropFrame = Integer.parseInt(facts.getProperty(name + ".cropFrame"));
        RgbClip clip;
        try (VideoReader reader = VideoReader.open(VideoFixtures.copy(name, dir))) {
            clip = reader.read(range(frames), FrameSize.source());
        }
        assertEquals(frames, clip.frames());
        double worstBlock = 0;
        for (int t = 0; t < frames; t++) {
            assertEquals(t, VideoFixtures.patternIndex(clip, t), "frame " + t + " of " + name);
            for (int c = 0; c < 3; c++) {
                for (int by = 0; by < 3; by++) {
                    for (int bx = 0; bx < 4; bx++) {
                        double sum = 0;
                        for (int y = by * 32; y < by * 32 + 32; y++) {
                            for (int x = bx * 32; x < bx * 32 + 32; x++) {
                                sum += clip.get(t, y, x, c);
                            }
                        }
                        worstBlock = Math.max(worstBlock, Math.abs(sum / 1024 - blocks.get(t, c, by, bx)));
                    }
                }
            }
        }
        assertTrue(worstBlock <= 0.5, name + ": worst 32x32 block mean differs by " + worstBlock);
        int[] cropFrames = {0, cropFrame};
        int worstPixel = 0;
        for (int k = 0; k < 2; k++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        int diff = (int) Math.abs(clip.get(cropFrames[k], 32 + y, 48 + x, c) - crop.get(k, c, y, x));
                        worstPixel = Math.max(worstPixel, diff);
                    }
                }
            }
        }
        assertTrue(worstPixel <= 2, name + ": worst pixel differs by " + worstPixel);
        // The colour bars arrive in RGB order (a swapped channel order would be far off).
        assertTrue(clip.get(0, 70, 10, 0) > 150 && clip.get(0, 70, 10, 2) < 80, "red bar");
        assertTrue(clip.get(0, 70, 74, 2) > 150 && clip.get(0, 70, 74, 0) < 80, "blue bar");
    }

    /** Seeking (backwards, forwards, repeats, random order) returns the same bytes as the sequential decode. */
    @ParameterizedTest
    @ValueSource(strings = {VideoFixtures.XVID, VideoFixtures.H264, VideoFixtures.VP9})
    void randomAccessEqualsSequentialDecode(String name) {
        Path file = VideoFixtures.copy(name, dir);
        int frames = Integer.parseInt(VideoFixtures.facts().getProperty(name + ".frames"));
        RgbClip all;
        try (VideoReader reader = VideoReader.open(file)) {
            all = reader.read(range(frames), FrameSize.source());
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(3));
        try (VideoReader reader = VideoReader.open(file)) {
            for (int round = 0; round < 3; round++) {
                for (int i : order) {
                    RgbClip one = reader.read(new int[] {i}, FrameSize.source());
                    assertArrayEquals(all.frame(i), one.frame(0), name + " frame " + i + " after seeking");
                }
            }
            int[] mixed = {frames - 1, 3, 3, 0, frames / 2, 1, frames - 2};
            RgbClip clip = reader.read(mixed, FrameSize.source());
            for (int k = 0; k < mixed.length; k++) {
                assertArrayEquals(all.frame(mixed[k]), clip.frame(k), name + " mixed position " + k);
            }
        }
    }

    /** Frame- and slice-threaded decoding (threads = 0: FFmpeg's choice; 3) gives the same frames. */
    @ParameterizedTest
    @ValueSource(strings = {VideoFixtures.XVID, VideoFixtures.H264, VideoFixtures.VP9})
    void threadedDecodersGiveTheSameFrames(String name) {
        Path file = VideoFixtures.copy(name, dir);
        int[] wanted = {30, 2, 17, 17, 0, 35, 11};
        RgbClip single;
        try (VideoReader reader = VideoReader.open(file)) {
            single = reader.read(wanted, FrameSize.exact(64, 48));
        }
        for (int threads : new int[] {0, 3}) {
            try (VideoReader reader = VideoReader.open(file, threads)) {
                RgbClip threaded = reader.read(wanted, FrameSize.exact(64, 48));
                assertArrayEquals(single.data(), threaded.data(), name + " with " + threads + " threads");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {VideoFixtures.XVID, VideoFixtures.H264, VideoFixtures.VP9})
    void framesAreFoundByTimeAtTheStreamsRealRate(String name) {
        try (VideoReader reader = VideoReader.open(VideoFixtures.copy(name, dir))) {
            VideoInfo info = reader.info();
            double fps = info.frameRate();
            double[] times = {0.0, 0.999 / fps, 1.0 / fps, 1.0, 1.5, 7.5 / fps};
            RgbClip clip = reader.readAtTimes(times, FrameSize.source());
            for (int k = 0; k < times.length; k++) {
                long expected = (long) Math.floor(times[k] * fps + 1e-9);
                assertEquals(expected, VideoFixtures.patternIndex(clip, k), name + " at " + times[k] + " s");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {VideoFixtures.XVID, VideoFixtures.H264})
    void framesAreScaledBySwscale(String name) {
        try (VideoReader reader = VideoReader.open(VideoFixtures.copy(name, dir))) {
            RgbClip small = reader.read(new int[] {5, 20}, FrameSize.exact(64, 48));
            assertEquals(48, small.height());
            assertEquals(64, small.width());
            assertEquals(5, VideoFixtures.patternIndex(small, 0));
            assertEquals(20, VideoFixtures.patternIndex(small, 1));
            RgbClip shortSide = reader.read(new int[] {7}, FrameSize.shortSide(72));
            assertEquals(72, shortSide.height());
            assertEquals(96, shortSide.width());
            assertEquals(7, VideoFixtures.patternIndex(shortSide, 0));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {VideoFixtures.XVID, VideoFixtures.H264})
    void outOfRangeIndicesAndUseAfterCloseAreRejected(String name) {
        VideoReader reader = VideoReader.open(VideoFixtures.copy(name, dir));
        long n = reader.info().frameCount();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> reader.read(new long[] {n}, FrameSize.source()));
        assertTrue(e.getMessage().contains("frame " + n + " is out of range"), e.getMessage());
        reader.close();
        reader.close();
        assertThrows(IllegalStateException.class, () -> reader.read(new int[] {0}, FrameSize.source()));
    }

    /** WebM counts no frames and its duration is the longer audio's: the reader counts video packets. */
    @org.junit.jupiter.api.Test
    void webmWithLongerAudioReportsItsRealFrameCount() {
        try (VideoReader reader = VideoReader.open(VideoFixtures.copy("pattern_vp9_long_audio.webm", dir))) {
            VideoInfo info = reader.info();
            assertTrue(info.durationSeconds() > 2.9, "the container lasts 3 s: " + info.durationSeconds());
            assertEquals(40, info.frameCount());
            assertTrue(info.frameCountExact());
            RgbClip clip = reader.read(new int[] {39, 0, 20}, FrameSize.source());
            assertEquals(39, VideoFixtures.patternIndex(clip, 0));
            assertEquals(0, VideoFixtures.patternIndex(clip, 1));
            assertEquals(20, VideoFixtures.patternIndex(clip, 2));
            assertThrows(IllegalArgumentException.class, () -> reader.read(new int[] {40}, FrameSize.source()));
            assertEquals(40, reader.countFrames());
        }
    }

    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
