package io.repflow.bench;

/**
 * A flow-layer time. For a backend, the JMH average with its 99.9 % confidence half-width; for the
 * PyTorch baseline ({@code backend = "pytorch"}), the mean with its standard deviation.
 *
 * @param backend   backend id, or {@value #PYTORCH} for the Python baseline
 * @param operation forward or forward+backward
 * @param point     the shape
 * @param ms        milliseconds per call
 * @param errorMs   uncertainty of {@code ms} (NaN when unknown)
 */
public record LayerTiming(String backend, LayerOperation operation, LayerPoint point, double ms, double errorMs)
        implements LayerRow {

    /** The backend name of the PyTorch eager baseline. */
    public static final String PYTORCH = "pytorch";
}
