package io.repflow.spi;

/** Base of repflow's own unchecked errors. */
public class RepflowException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RepflowException(String message) {
        super(message);
    }

    public RepflowException(String message, Throwable cause) {
        super(message, cause);
    }
}
