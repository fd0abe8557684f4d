package io.repflow.tck;

import io.repflow.api.Shape;

/**
 * What a comparison is about, for failure messages: backend, contract, input shape, seed and any
 * further setting (iterations, parameters, mode).
 */
public record Subject(String backend, String contract, Shape shape, long seed, String detail) {

    @Override
    public String toString() {
        return "[" + backend + "] " + contract + ": input " + shape + ", seed " + seed
                + (detail.isEmpty() ? "" : ", " + detail);
    }
}
