package io.repflow.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An RGB video of {@code frames} frames of {@code size x size}, written {@code 16x112}. */
public record VideoShape(int frames, int size) {

    private static final Pattern KEY = Pattern.compile("(\\d+)x(\\d+)");

    /** The paper's HMDB/Kinetics clip: 16 frames of 112 x 112. */
    public static final VideoShape PAPER_SMALL = new VideoShape(16, 112);
    /** The paper's large setting: 32 frames of 224 x 224. */
    public static final VideoShape PAPER_LARGE = new VideoShape(32, 224);

    public VideoShape {
        if (frames < 3) {
            throw new IllegalArgumentException(
                    "video frames = " + frames + " is out of range; must be >= 3 (FcF drops two)");
        }
        if (size < 32) {
            throw new IllegalArgumentException(
                    "video size = " + size + " is out of range; must be >= 32 (a ResNet downsamples 32x)");
        }
    }

    /** Parses {@code 16x112}. */
    public static VideoShape parse(String key) {
        Matcher m = KEY.matcher(key == null ? "" : key.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "video shape '" + key + "' is malformed; expected <frames>x<size>, e.g. 16x112");
        }
        return new VideoShape(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** {@code 16x112}. */
    public String key() {
        return frames + "x" + size;
    }

    /** {@code 16×112×112} for tables. */
    public String label() {
        return frames + "×" + size + "×" + size;
    }

    /** Frame pairs a two-stream pipeline computes optical flow on. */
    public int pairs() {
        return frames - 1;
    }

    @Override
    public String toString() {
        return key();
    }
}
