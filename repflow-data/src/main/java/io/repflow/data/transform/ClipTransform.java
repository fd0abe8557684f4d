package io.repflow.data.transform;

import io.repflow.data.RgbClip;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Crops, flips and maps a decoded clip to {@code [3,T,h,w]} float views. Resizing (short side) happens
 * before, in the decoder's swscale step ({@link io.repflow.data.video.FrameSize#shortSide(int)}), which is
 * where {@link #shortSide()} is used.
 *
 * @param shortSide frames are decoded with this short side (0 = keep the source size)
 * @param cropHeight height of each view
 * @param cropWidth width of each view
 * @param crop where views are cut
 * @param flip whether views are mirrored
 * @param mapping 8-bit value to float
 */
public record ClipTransform(int shortSide, int cropHeight, int cropWidth, Crop crop, Flip flip, ValueMapping mapping) {

    public ClipTransform {
        if (shortSide < 0 || cropHeight <= 0 || cropWidth <= 0) {
            throw new IllegalArgumentException("short side must be >= 0 and crop sizes positive but are " + shortSide
                    + ", " + cropHeight + "x" + cropWidth);
        }
        Objects.requireNonNull(crop, "crop");
        Objects.requireNonNull(flip, "flip");
        Objects.requireNonNull(mapping, "mapping");
    }

    /** Training: resize short side, one random crop, random flip, values to [-1,1]. */
    public static ClipTransform training(int shortSide, int cropSize) {
        return new ClipTransform(
                shortSide, cropSize, cropSize, Crop.random(), Flip.RANDOM, ValueMapping.minusOneToOne());
    }

    /** Testing: resize short side, centre crop, no flip, values to [-1,1]. */
    public static ClipTransform testing(int shortSide, int cropSize) {
        return new ClipTransform(shortSide, cropSize, cropSize, Crop.center(), Flip.NONE, ValueMapping.minusOneToOne());
    }

    public ClipTransform withCrop(Crop c) {
        return new ClipTransform(shortSide, cropHeight, cropWidth, c, flip, mapping);
    }

    public ClipTransform withFlip(Flip f) {
        return new ClipTransform(shortSide, cropHeight, cropWidth, crop, f, mapping);
    }

    public ClipTransform withMapping(ValueMapping m) {
        return new ClipTransform(shortSide, cropHeight, cropWidth, crop, flip, m);
    }

    /** One view: crop corner and mirroring. */
    public record View(int y, int x, boolean flipped) {}

    /** The views of a clip with the given frame size; random choices come from {@code rng}. */
    public List<View> views(int height, int width, SplittableRandom rng) {
        List<View> out = new ArrayList<>();
        for (int[] c : crop.corners(height, width, cropHeight, cropWidth, rng)) {
            switch (flip) {
                case NONE -> out.add(new View(c[0], c[1], false));
                case RANDOM -> out.add(new View(c[0], c[1], rng.nextBoolean()));
                case BOTH -> {
                    out.add(new View(c[0], c[1], false));
                    out.add(new View(c[0], c[1], true));
                }
            }
        }
        return out;
    }

    /** Number of views per clip (random or not, the count is fixed). */
    public int viewCount() {
        int crops = crop.corners(
                        Math.max(cropHeight, 1), Math.max(cropWidth, 1), cropHeight, cropWidth, new SplittableRandom(0))
                .size();
        return flip == Flip.BOTH ? 2 * crops : crops;
    }

    /** Writes {@code view} of {@code clip} as {@code [3,T,h,w]} floats into {@code out} at {@code offset}. */
    public void write(RgbClip clip, View view, float[][] table, float[] out, int offset) {
        clip.writeChannelsFirst(table, out, offset, view.y(), view.x(), cropHeight, cropWidth, view.flipped());
    }
}
