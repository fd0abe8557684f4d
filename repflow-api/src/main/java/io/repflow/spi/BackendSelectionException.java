package io.repflow.spi;

/** No backend, an unknown backend id, or two providers with one id. The message lists what was found. */
public final class BackendSelectionException extends RepflowException {

    private static final long serialVersionUID = 1L;

    public BackendSelectionException(String message) {
        super(message);
    }
}
