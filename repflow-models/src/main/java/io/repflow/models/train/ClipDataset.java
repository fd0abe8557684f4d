package io.repflow.models.train;

/**
 * Random-access labelled clips, the training loop's only view of data (repflow-data adapts its
 * datasets to it). {@link #get} must return the same clip for the same index every time, or runs
 * are not reproducible.
 */
public interface ClipDataset {

    int size();

    LabelledClip get(int index);
}
