package io.repflow.api;

/** Argument checks whose messages name the field, the value and the allowed range. */
public final class Checks {

    private Checks() {}

    public static int atLeast(String field, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " = " + value + " is out of range; must be >= " + min);
        }
        return value;
    }

    public static int inRange(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    field + " = " + value + " is out of range; must be in [" + min + ", " + max + "]");
        }
        return value;
    }

    public static double positive(String field, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " = " + value + " is out of range; must be finite and > 0");
        }
        return value;
    }

    public static double inRange(String field, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(
                    field + " = " + value + " is out of range; must be in [" + min + ", " + max + "]");
        }
        return value;
    }

    public static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing (null)");
        }
        return value;
    }
}
