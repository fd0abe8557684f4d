package io.repflow.data.dataset;

import java.util.ArrayList;
import java.util.List;

/** Class names (index = label) and labelled videos, in a fixed order. Immutable. */
public record VideoDataset(String name, List<String> classes, List<VideoSample> samples) {

    public VideoDataset {
        classes = List.copyOf(classes);
        samples = List.copyOf(samples);
        for (VideoSample s : samples) {
            if (s.label() >= classes.size()) {
                throw new IllegalArgumentException(name + ": " + s.path() + " has label " + s.label() + " but only "
                        + classes.size() + " classes exist");
            }
        }
    }

    public int size() {
        return samples.size();
    }

    public int numClasses() {
        return classes.size();
    }

    public VideoSample get(int index) {
        return samples.get(index);
    }

    /** Number of samples per label. */
    public int[] classCounts() {
        int[] counts = new int[classes.size()];
        for (VideoSample s : samples) {
            counts[s.label()]++;
        }
        return counts;
    }

    /** The samples {@code from .. to-1} as a dataset with the same classes. */
    public VideoDataset slice(int from, int to) {
        return new VideoDataset(name, classes, new ArrayList<>(samples.subList(from, to)));
    }
}
