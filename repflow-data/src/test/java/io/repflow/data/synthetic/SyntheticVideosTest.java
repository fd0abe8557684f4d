package io.repflow.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.data.RgbClip;
import io.repflow.data.video.FrameSize;
import io.repflow.data.video.VideoCodec;
import io.repflow.data.video.VideoInfo;
import io.repflow.data.video.VideoReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Synthetic clips written with the preset's encoders decode back to (nearly) the rendered frames. */
class SyntheticVideosTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void writtenClipsDecodeToTheRenderedFrames(VideoCodec codec) throws IOException {
        SyntheticMotion data = SyntheticMotion.builder()
                .classes(MotionClass.all())
                .frames(10)
                .size(48, 64)
                .seed(4)
                .build();
        Path list = SyntheticVideos.write(data, dir, 0, 3, codec, 25);
        List<String> lines = Files.readAllLines(list);
        assertEquals(3, lines.size());
        assertEquals(data.classNames(), SyntheticVideos.readClasses(dir));
        try (Stream<Path> leftovers = Files.walk(dir)) {
            assertTrue(leftovers.noneMatch(p -> p.toString().endsWith(".part")), "no temporary files remain");
        }
        for (int i = 0; i < 3; i++) {
            String[] parts = lines.get(i).split(" ");
            assertEquals(data.label(i), Integer.parseInt(parts[1]));
            assertTrue(parts[0].startsWith(data.classes().get(data.label(i)).id() + "/"), parts[0]);
            RgbClip rendered = data.render(i);
            try (VideoReader reader = VideoReader.open(dir.resolve(parts[0]))) {
                VideoInfo info = reader.info();
                assertEquals(64, info.width());
                assertEquals(48, info.height());
                assertEquals(25.0, info.frameRate(), 1e-9);
                assertEquals(10, reader.countFrames());
                int[] all = new int[10];
                for (int t = 0; t < 10; t++) {
                    all[t] = t;
                }
                RgbClip decoded = reader.read(all, FrameSize.source());
                double psnr = psnr(rendered, decoded);
                // Luma PSNR of the three encoders on these textures: 36.7 to 38.9 dB on this machine;
                // a wrong frame order or a shifted frame falls far below.
                assertTrue(psnr > 32, codec + " clip " + i + " PSNR " + psnr);
                for (int t = 0; t + 1 < 10; t++) {
                    assertTrue(
                            frameMse(rendered, t, decoded, t) < frameMse(rendered, t, decoded, t + 1),
                            codec + ": decoded frame " + t + " is closer to its own rendered frame than to the next");
                }
            }
        }
    }

    private static double psnr(RgbClip a, RgbClip b) {
        double mse = 0;
        for (int t = 0; t < a.frames(); t++) {
            mse += frameMse(a, t, b, t);
        }
        mse /= a.frames();
        return 10 * Math.log10(255.0 * 255.0 / Math.max(mse, 1e-12));
    }

    /** Mean squared error of the luma (BT.601 weights): 4:2:0 video keeps colour at half resolution only. */
    private static double frameMse(RgbClip a, int ta, RgbClip b, int tb) {
        double s = 0;
        byte[] fa = a.frame(ta);
        byte[] fb = b.frame(tb);
        for (int i = 0; i < fa.length; i += 3) {
            double d = luma(fa, i) - luma(fb, i);
            s += d * d;
        }
        return s / (fa.length / 3);
    }

    private static double luma(byte[] f, int i) {
        return 0.299 * (f[i] & 0xff) + 0.587 * (f[i + 1] & 0xff) + 0.114 * (f[i + 2] & 0xff);
    }
}
