package io.repflow.data.loader;

/**
 * The views of one dataset sample, ready to batch: {@code views × [3,T,H,W]} floats in one array.
 *
 * @param data {@code views * 3*T*H*W} values, owned by the receiver
 */
public record SampleClips(int index, int label, int views, float[] data) {}
