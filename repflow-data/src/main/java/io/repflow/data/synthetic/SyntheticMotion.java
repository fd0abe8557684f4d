package io.repflow.data.synthetic;

import io.repflow.api.HostTensor;
import io.repflow.api.Seeds;
import io.repflow.api.Shape;
import io.repflow.data.LabeledClips;
import io.repflow.data.RgbClip;
import io.repflow.data.transform.ValueMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A seeded, unbounded dataset of clips whose classes only motion tells apart (see {@link MotionClass}).
 * Clip {@code i} is a pure function of (seed, i): the same on every run, thread and machine.
 *
 * <pre>{@code
 * SyntheticMotion data = SyntheticMotion.builder()
 *         .classes(MotionClass.translations4()).frames(8).size(32, 32).seed(7).build();
 * LabeledClips batch = data.batch(0, 16);   // clips [16,3,8,32,32] in [-1,1], labels 0..3
 * }</pre>
 *
 * Labels are balanced: each run of {@code numClasses()} consecutive indices holds every class once, in a
 * seeded order. {@code SyntheticVideos} writes clips to real video files with a list file.
 */
public final class SyntheticMotion {

    private static final long LABEL_SALT = 0x4C4142454CL;
    private static final long CLIP_SALT = 0x434C4950L;

    private final List<MotionClass> classes;
    private final int frames;
    private final int height;
    private final int width;
    private final long seed;
    private final double speed;
    private final double coverage;
    private final int textureCell;
    private final ValueMapping mapping;
    private final MotionRenderer renderer;

    private SyntheticMotion(Builder b) {
        this.classes = List.copyOf(b.classes);
        this.frames = b.frames;
        this.height = b.height;
        this.width = b.width;
        this.seed = b.seed;
        this.speed = b.speed > 0 ? b.speed : Math.max(1.0, Math.min(b.height, b.width) / 32.0);
        this.coverage = b.coverage;
        this.textureCell = b.textureCell;
        this.mapping = b.mapping;
        this.renderer = new MotionRenderer(frames, height, width, speed, coverage, textureCell);
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<MotionClass> classes() {
        return classes;
    }

    /** Class names in label order ({@link MotionClass#id()}). */
    public List<String> classNames() {
        List<String> names = new ArrayList<>(classes.size());
        for (MotionClass c : classes) {
            names.add(c.id());
        }
        return List.copyOf(names);
    }

    public int numClasses() {
        return classes.size();
    }

    public int frames() {
        return frames;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public long seed() {
        return seed;
    }

    /** Sprite speed in pixels per frame (at a third of the short side from the centre for rotation and zoom). */
    public double speed() {
        return speed;
    }

    public ValueMapping mapping() {
        return mapping;
    }

    /** The label (index into {@link #classes()}) of clip {@code index}. */
    public int label(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("clip index must be >= 0 but is " + index);
        }
        int k = classes.size();
        long block = index / k;
        int[] perm = new int[k];
        for (int i = 0; i < k; i++) {
            perm[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, LABEL_SALT, block));
        for (int i = k - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
        return perm[(int) (index % k)];
    }

    /** The 8-bit frames of clip {@code index}. */
    public RgbClip render(long index) {
        int label = label(index);
        return renderer.render(classes.get(label), new SplittableRandom(Seeds.mix(seed, CLIP_SALT, index)));
    }

    /** Clip {@code index} as {@code [3,T,H,W]} mapped by {@link #mapping()}. */
    public HostTensor clip(long index) {
        return render(index).toTensor(mapping);
    }

    /** Clips {@code first .. first+count-1} as {@code [count,3,T,H,W]} with their labels. */
    public LabeledClips batch(long first, int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("batch size must be positive but is " + count);
        }
        int per = 3 * frames * height * width;
        float[] data = new float[count * per];
        int[] labels = new int[count];
        int[] indices = new int[count];
        float[][] table = mapping.table();
        for (int b = 0; b < count; b++) {
            long index = first + b;
            render(index).writeChannelsFirst(table, data, b * per, 0, 0, height, width, false);
            labels[b] = label(index);
            indices[b] = (int) Math.min(Integer.MAX_VALUE, index);
        }
        return new LabeledClips(HostTensor.wrap(data, Shape.of(count, 3, frames, height, width)), labels, indices);
    }

    @Override
    public String toString() {
        return "SyntheticMotion[classes=" + classNames() + ", frames=" + frames + ", size=" + height + "x" + width
                + ", seed=" + seed + ", speed=" + speed + ", coverage=" + coverage + ", textureCell=" + textureCell
                + "]";
    }

    /** Builder with defaults: the four translations, 8 frames, 32×32, seed 0, values in [-1,1]. */
    public static final class Builder {
        private List<MotionClass> classes = MotionClass.translations4();
        private int frames = 8;
        private int height = 32;
        private int width = 32;
        private long seed;
        private double speed;
        private double coverage = 1.5;
        private int textureCell = 2;
        private ValueMapping mapping = ValueMapping.minusOneToOne();

        private Builder() {}

        /** The classes in label order; at least two, no duplicates. */
        public Builder classes(List<MotionClass> classes) {
            if (classes.size() < 2) {
                throw new IllegalArgumentException("need at least 2 motion classes but got " + classes);
            }
            if (classes.stream().distinct().count() != classes.size()) {
                throw new IllegalArgumentException("motion classes must be distinct but are " + classes);
            }
            this.classes = List.copyOf(classes);
            return this;
        }

        public Builder classes(MotionClass... classes) {
            return classes(List.of(classes));
        }

        /** Frames per clip (T ≥ 2). */
        public Builder frames(int frames) {
            if (frames < 2) {
                throw new IllegalArgumentException(
                        "a motion clip needs at least 2 frames but " + frames + " were asked");
            }
            this.frames = frames;
            return this;
        }

        /** Frame height and width in pixels (each ≥ 8). */
        public Builder size(int height, int width) {
            if (height < 8 || width < 8) {
                throw new IllegalArgumentException(
                        "frames must be at least 8x8 but " + height + "x" + width + " was asked");
            }
            this.height = height;
            this.width = width;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Pixels per frame; default {@code max(1, min(H,W)/32)}. */
        public Builder speed(double pixelsPerFrame) {
            if (!(pixelsPerFrame > 0) || pixelsPerFrame > 64) {
                throw new IllegalArgumentException(
                        "speed must be in (0, 64] pixels per frame but is " + pixelsPerFrame);
            }
            this.speed = pixelsPerFrame;
            return this;
        }

        /** Expected number of sprites covering a pixel (default 1.5; more covers the background more). */
        public Builder coverage(double coverage) {
            if (!(coverage > 0) || coverage > 20) {
                throw new IllegalArgumentException("coverage must be in (0, 20] but is " + coverage);
            }
            this.coverage = coverage;
            return this;
        }

        /**
         * Side in pixels of the squares that texture each sprite (default 2: fine texture, strong motion
         * cues). Larger cells give smoother frames that compress more like camera video.
         */
        public Builder textureCell(int pixels) {
            if (pixels < 1 || pixels > 64) {
                throw new IllegalArgumentException("texture cell must be in 1..64 pixels but is " + pixels);
            }
            this.textureCell = pixels;
            return this;
        }

        /** How 8-bit values become floats (default {@link ValueMapping#minusOneToOne()}). */
        public Builder mapping(ValueMapping mapping) {
            this.mapping = Objects.requireNonNull(mapping, "mapping");
            return this;
        }

        public SyntheticMotion build() {
            return new SyntheticMotion(this);
        }
    }
}
