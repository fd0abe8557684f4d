package io.repflow.data.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.data.video.VideoException;
import io.repflow.data.video.VideoInfo;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClipSamplerTest {

    private static VideoInfo video(long frames, int rateNum, int rateDen) {
        return new VideoInfo(
                Path.of("v.mp4"),
                "mp4",
                "h264",
                320,
                240,
                rateNum,
                rateDen,
                frames,
                true,
                frames * (double) rateDen / rateNum);
    }

    @Test
    void strideClips() {
        ClipSampler s = ClipSampler.stride(4, 2);
        assertEquals(7, s.span(25));
        assertArrayEquals(new long[] {10, 12, 14, 16}, s.clipAt(10, 25));
        long[][] uniform = s.uniform(video(27, 25, 1), 3);
        assertArrayEquals(new long[] {0, 2, 4, 6}, uniform[0]);
        assertArrayEquals(new long[] {10, 12, 14, 16}, uniform[1]);
        assertArrayEquals(new long[] {20, 22, 24, 26}, uniform[2]);
        assertArrayEquals(new long[] {10, 12, 14, 16}, s.uniform(video(27, 25, 1), 1)[0], "one clip is the centre");
    }

    @Test
    void targetFpsUsesTheRealFrameRate() {
        ClipSampler s = ClipSampler.targetFps(5, 10);
        // 29.97 fps source at 10 fps: every 2.997 frames
        assertArrayEquals(new long[] {0, 2, 5, 8, 11}, s.clipAt(0, 30000.0 / 1001));
        assertArrayEquals(new long[] {0, 3, 6, 9, 12}, s.clipAt(0, 30));
        assertArrayEquals(new long[] {0, 1, 2, 3, 4}, s.clipAt(0, 10));
        assertEquals(12, s.span(30000.0 / 1001));
    }

    @Test
    void randomStartsCoverTheWholeRangeAndStayInside() {
        ClipSampler s = ClipSampler.stride(8, 1);
        SplittableRandom rng = new SplittableRandom(1);
        boolean[] seen = new boolean[13];
        for (int i = 0; i < 2000; i++) {
            long[] clip = s.random(video(20, 25, 1), rng);
            assertTrue(clip[0] >= 0 && clip[7] <= 19);
            seen[(int) clip[0]] = true;
        }
        for (int start = 0; start <= 12; start++) {
            assertTrue(seen[start], "start " + start + " never drawn");
        }
    }

    @Test
    void tooShortVideoIsAnError() {
        VideoException e = assertThrows(
                VideoException.class,
                () -> ClipSampler.stride(16, 2).random(video(20, 25, 1), new SplittableRandom(0)));
        assertEquals(VideoException.Kind.TOO_SHORT, e.kind());
        assertTrue(
                e.getMessage().contains("has 20 frames but a clip of 16 frames at stride 2 spans 31"), e.getMessage());
    }

    @Test
    void aClipWindowKeepsEveryClipInsideItsFrames() {
        ClipSampler s = ClipSampler.stride(4, 2);
        // 25 fps: [2.0 s, 3.0 s) holds frames 50..74 (frame 75 is shown at 3.0 s, outside)
        ClipWindow w = new ClipWindow(2.0, 3.0);
        VideoInfo v = video(200, 25, 1);
        assertEquals(50, w.firstFrame(v));
        assertEquals(25, w.frameCount(v));
        long[][] uniform = s.uniform(v, 3, w);
        assertArrayEquals(new long[] {50, 52, 54, 56}, uniform[0]);
        assertArrayEquals(new long[] {59, 61, 63, 65}, uniform[1]);
        assertArrayEquals(new long[] {68, 70, 72, 74}, uniform[2]);
        // 29.97 fps: 1.0 s is 29.97 frames in, so the first frame at or after it is 30
        assertEquals(30, new ClipWindow(1.0, 2.0).firstFrame(video(200, 30000, 1001)));
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 500; i++) {
            long[] clip = s.random(v, rng, w);
            assertTrue(clip[0] >= 50 && clip[3] <= 74, java.util.Arrays.toString(clip));
        }
        // an open end runs to the last frame; the whole video is the window without bounds
        assertArrayEquals(new long[] {193, 195, 197, 199}, s.uniform(v, 2, ClipWindow.of(1.0, null))[1]);
        assertArrayEquals(s.uniform(v, 3), s.uniform(v, 3, ClipWindow.WHOLE));
    }

    @Test
    void aWindowTooShortOrPastTheEndIsNamed() {
        ClipSampler s = ClipSampler.stride(4, 2);
        VideoInfo v = video(100, 25, 1);
        VideoException shortWindow =
                assertThrows(VideoException.class, () -> s.uniform(v, 1, new ClipWindow(1.0, 1.2)));
        assertEquals(VideoException.Kind.TOO_SHORT, shortWindow.kind());
        assertTrue(
                shortWindow.getMessage().contains("has 5 frames in the clip window [1.0 s, 1.2 s)"),
                shortWindow.getMessage());
        VideoException past = assertThrows(VideoException.class, () -> s.uniform(v, 1, new ClipWindow(4.0, 9.0)));
        assertTrue(past.getMessage().contains("has no frame in the clip window [4.0 s, 9.0 s)"), past.getMessage());
        IllegalArgumentException backwards =
                assertThrows(IllegalArgumentException.class, () -> new ClipWindow(3.0, 2.0));
        assertTrue(backwards.getMessage().contains("end 2.0 s must be after its start 3.0 s"), backwards.getMessage());
    }
}
