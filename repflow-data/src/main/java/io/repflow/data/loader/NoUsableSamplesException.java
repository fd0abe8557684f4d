package io.repflow.data.loader;

/** An epoch whose every sample is a bad video: there is nothing to train or evaluate on. */
public final class NoUsableSamplesException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NoUsableSamplesException(String message) {
        super(message);
    }
}
