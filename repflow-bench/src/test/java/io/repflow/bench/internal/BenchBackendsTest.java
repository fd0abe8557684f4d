package io.repflow.bench.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The backend options a benchmark JVM passes on from -Drepflow.bench.options. */
class BenchBackendsTest {

    @Test
    void parsesKeyValueLists() {
        assertEquals(Map.of(), BenchBackends.options(null));
        assertEquals(Map.of(), BenchBackends.options(" "));
        assertEquals(Map.of("tf.xla", "on"), BenchBackends.options("tf.xla=on"));
        assertEquals(Map.of("a", "1", "b", "x=y"), BenchBackends.options("a=1, b=x=y"));
    }

    @Test
    void refusesAnEntryWithoutKey() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> BenchBackends.options("tf.xla=on,junk"));
        assertEquals(
                "system property repflow.bench.options = 'tf.xla=on,junk': entry 'junk' is not key=value",
                e.getMessage());
    }
}
