package io.repflow.spi;

/** A backend's engine could not start, typically a missing or broken native library. */
public final class BackendLoadException extends RepflowException {

    private static final long serialVersionUID = 1L;

    public BackendLoadException(String backendId, String problem, Throwable cause) {
        super("backend '" + backendId + "' could not load its engine: " + problem, cause);
    }
}
