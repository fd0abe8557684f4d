package io.repflow.spi;

/**
 * A computation gave NaN or infinity from finite inputs: parameters or input values whose scale overflows
 * float32, or weights that are no longer usable (a diverged run). Raised at the API edge, so no caller ever
 * receives a non-finite result as if it were one.
 */
public final class NonFiniteResultException extends RepflowException {

    private static final long serialVersionUID = 1L;

    public NonFiniteResultException(String message) {
        super(message);
    }
}
