package io.repflow.models.arch;

import java.util.List;

/** Block type and blocks per stage of the standard depths. */
public enum ResNetDepth {
    R18(false, List.of(2, 2, 2, 2)),
    R34(false, List.of(3, 4, 6, 3)),
    R50(true, List.of(3, 4, 6, 3)),
    R101(true, List.of(3, 4, 23, 3));

    private final boolean bottleneck;
    private final List<Integer> blocks;

    ResNetDepth(boolean bottleneck, List<Integer> blocks) {
        this.bottleneck = bottleneck;
        this.blocks = blocks;
    }

    public boolean bottleneck() {
        return bottleneck;
    }

    /** Residual blocks in layer1..layer4. */
    public List<Integer> blocks() {
        return blocks;
    }

    /** Output channels = planes x expansion (4 for bottlenecks). */
    public int expansion() {
        return bottleneck ? 4 : 1;
    }

    /** 18, 34, 50 or 101. */
    public int layers() {
        return Integer.parseInt(name().substring(1));
    }

    /** The depth with {@code layers} layers, or an error listing the known ones. */
    public static ResNetDepth of(int layers) {
        for (ResNetDepth d : values()) {
            if (d.layers() == layers) {
                return d;
            }
        }
        throw new IllegalArgumentException("ResNet depth " + layers + " is not supported; known: 18, 34, 50, 101");
    }
}
