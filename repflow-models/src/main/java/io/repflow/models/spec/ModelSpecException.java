package io.repflow.models.spec;

/** A model spec that cannot work; the message names the layer, its input shape and what was expected. */
public final class ModelSpecException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ModelSpecException(String message) {
        super(message);
    }
}
