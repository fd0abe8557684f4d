package io.repflow.bench;

/** A figure of one flow-layer call: whose, which operation, at which point (a time or a memory figure). */
public interface LayerRow {

    /** Backend id, or {@link LayerTiming#PYTORCH} for the baseline. */
    String backend();

    LayerOperation operation();

    LayerPoint point();

    /** Whether this is the PyTorch eager baseline's figure. */
    default boolean isBaseline() {
        return LayerTiming.PYTORCH.equals(backend());
    }

    /** Whether this is {@code backend}'s figure of {@code op} at {@code point}. */
    default boolean is(String backend, LayerOperation op, LayerPoint point) {
        return backend().equals(backend) && operation() == op && point().equals(point);
    }
}
