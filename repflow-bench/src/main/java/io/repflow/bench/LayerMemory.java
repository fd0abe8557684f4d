package io.repflow.bench;

/**
 * How much memory a flow-layer call needs: in a process of its own (a JVM per backend and point, a Python process
 * for the PyTorch baseline), the engine opened and warmed by one call at {@link #WARM_UP}, the inputs made, the
 * resident set is read just before the first measured call; after {@code calls} calls its high-water mark is read.
 * The difference is what the calls added at their peak: their temporaries, what an engine keeps for the backward pass, compiled graphs and the allocator's pools — the
 * memory a user of the layer must have beyond the model and the data.
 *
 * @param backend     backend id, or {@link LayerTiming#PYTORCH} for the baseline
 * @param operation   forward or forward+backward
 * @param point       the shape
 * @param callMiB     resident-set high-water mark over the calls minus the resident set before them, MiB
 * @param peakRssMiB  the process's resident-set high-water mark, MiB (runtime, engine and inputs included)
 * @param calls       calls made (the first one of a shape may build and compile graphs)
 */
public record LayerMemory(
        String backend, LayerOperation operation, LayerPoint point, double callMiB, double peakRssMiB, int calls)
        implements LayerRow {

    /** Calls per measurement: the first of a shape and one more, so a pool that grows on reuse shows too. */
    public static final int CALLS = 2;

    /**
     * The point of the one call each process makes before it measures: engines load natives and start thread pools
     * on their first call, which is not the measured call's memory.
     */
    public static final LayerPoint WARM_UP = new LayerPoint(1, 1, 8, 1);
}
