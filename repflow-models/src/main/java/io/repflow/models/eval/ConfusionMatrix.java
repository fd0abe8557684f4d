package io.repflow.models.eval;

import java.util.Arrays;

/** Counts of (true class, predicted class) pairs; immutable. */
public final class ConfusionMatrix {

    private final long[][] counts;

    public ConfusionMatrix(long[][] counts) {
        this.counts = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i].length != counts.length) {
                throw new IllegalArgumentException("confusion matrix must be square; row " + i + " has "
                        + counts[i].length + " of " + counts.length);
            }
            this.counts[i] = counts[i].clone();
        }
    }

    public int classes() {
        return counts.length;
    }

    /** Examples of class {@code truth} predicted as {@code predicted}. */
    public long count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    /** Examples of class {@code truth}. */
    public long support(int truth) {
        return Arrays.stream(counts[truth]).sum();
    }

    public long[][] toArray() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix c && Arrays.deepEquals(counts, c.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(counts);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (long[] row : counts) {
            sb.append(Arrays.toString(row)).append('\n');
        }
        return sb.toString();
    }
}
