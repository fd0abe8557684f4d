package io.repflow.models.spec;

import java.util.regex.Pattern;

/** The rule for layer names: one path segment of letters, digits and underscores. */
final class Names {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_]+");

    private Names() {}

    static String segment(String what, String name) {
        if (name == null || !SEGMENT.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " name '" + name
                    + "' is not valid; expected one path segment of letters, digits and '_' (e.g. conv1, 0, rep_flow)");
        }
        return name;
    }

    /** Null-safe for immutable lists, whose {@code contains(null)} throws. */
    static boolean hasNull(java.util.List<?> list) {
        for (Object o : list) {
            if (o == null) {
                return true;
            }
        }
        return false;
    }

    static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }
}
