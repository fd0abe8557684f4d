package io.repflow.data.video;

import io.repflow.api.HostTensor;
import io.repflow.data.RgbClip;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The committed test videos (made by src/test/fixtures/make_video_fixtures.py with Debian's ffmpeg) and the
 * values Debian's ffmpeg decoded from them.
 */
public final class VideoFixtures {

    public static final String XVID = "pattern_xvid.avi";
    public static final String H264 = "pattern_h264.mp4";
    public static final String VP9 = "pattern_vp9.webm";
    public static final int WIDTH = 128;
    public static final int HEIGHT = 96;

    private VideoFixtures() {}

    /** Copies a fixture resource into {@code dir} and returns its path. */
    public static Path copy(String name, Path dir) {
        try (InputStream in = VideoFixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + name + " is missing");
            }
            Path target = dir.resolve(name);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Properties facts() {
        try (InputStream in = VideoFixtures.class.getResourceAsStream("fixtures.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static HostTensor npy(String name, Path dir) {
        try {
            return HostTensor.readNpy(copy(name, dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The frame index written into the top 16 rows of the pattern (8 bits, MSB first, 16×16 blocks). */
    public static int patternIndex(RgbClip clip, int t) {
        int scaleX = clip.width() / 8;
        int rows = clip.height() / 6;
        int n = 0;
        for (int b = 0; b < 8; b++) {
            double sum = 0;
            int cnt = 0;
            for (int y = rows / 4; y < rows * 3 / 4; y++) {
                for (int x = b * scaleX + scaleX / 4; x < b * scaleX + scaleX * 3 / 4; x++) {
                    sum += clip.get(t, y, x, 1);
                    cnt++;
                }
            }
            n = (n << 1) | (sum / cnt > 128 ? 1 : 0);
        }
        return n;
    }
}
