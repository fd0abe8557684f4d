package io.repflow.bench;

import io.repflow.api.FlowConfig;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One shape of the flow-layer benchmark: inputs {@code F1, F2 [batch, channels, size, size]} and
 * {@code iterations} TV-L1 iterations. Written as {@code it20-c32-s28-n8} in JMH parameters, the
 * Python baseline's arguments and result files.
 */
public record LayerPoint(int iterations, int channels, int size, int batch) {

    private static final Pattern KEY = Pattern.compile("it(\\d+)-c(\\d+)-s(\\d+)-n(\\d+)");

    public LayerPoint {
        positive("iterations", iterations);
        positive("channels", channels);
        if (size < 3) {
            throw new IllegalArgumentException("layer point size = " + size + " is out of range; must be >= 3");
        }
        positive("batch", batch);
    }

    /** Parses {@code it20-c32-s28-n8}. */
    public static LayerPoint parse(String key) {
        Matcher m = KEY.matcher(key == null ? "" : key.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("layer point '" + key
                    + "' is malformed; expected it<iterations>-c<channels>-s<size>-n<batch>, e.g. it20-c32-s28-n8");
        }
        return new LayerPoint(
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(4)));
    }

    /** The layer this point measures: {@code channels} channels, {@code iterations} iterations, defaults otherwise. */
    public FlowConfig flowConfig() {
        return FlowConfig.of(channels).withIterations(iterations);
    }

    /** {@code it20-c32-s28-n8}. */
    public String key() {
        return "it" + iterations + "-c" + channels + "-s" + size + "-n" + batch;
    }

    /** Pixels per feature map, {@code size²}. */
    public int pixels() {
        return size * size;
    }

    public LayerPoint withIterations(int n) {
        return new LayerPoint(n, channels, size, batch);
    }

    public LayerPoint withChannels(int c) {
        return new LayerPoint(iterations, c, size, batch);
    }

    public LayerPoint withSize(int s) {
        return new LayerPoint(iterations, channels, s, batch);
    }

    public LayerPoint withBatch(int n) {
        return new LayerPoint(iterations, channels, size, n);
    }

    @Override
    public String toString() {
        return key();
    }

    private static void positive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(
                    "layer point " + what + " = " + value + " is out of range; must be >= 1");
        }
    }
}
