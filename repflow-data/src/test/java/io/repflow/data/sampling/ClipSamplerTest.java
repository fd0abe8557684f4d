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
}
