package io.repflow.data.loader;

/**
 * Indexed samples a {@link VideoLoader} can batch. {@link #load} must be a pure function of its arguments
 * (all randomness from {@code seed}) and safe to call from several threads at once.
 */
public interface ClipSource {

    /** Number of samples. */
    int size();

    /** Number of classes (labels are 0..numClasses-1). */
    int numClasses();

    /** Views per sample (e.g. clips × crops × flips when testing; 1 when training). */
    int viewsPerSample();

    /** The shape of one view: {@code {3, T, H, W}}. */
    int[] viewShape();

    /** Loads sample {@code index}; may throw {@link io.repflow.data.video.VideoException} for a bad video. */
    SampleClips load(int index, long seed);

    /** A name for logs and errors, e.g. the file of sample {@code index}. */
    String describe(int index);
}
