package io.repflow.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The thread count a backend sets: the configured one, else OMP_NUM_THREADS's (ND4J's own), else the measured one. */
class Nd4jThreadsTest {

    @Test
    void configuredWinsThenTheVariableThenOneThread() {
        assertEquals(3, Nd4jBackend.threads(3, null));
        assertEquals(3, Nd4jBackend.threads(3, "8"));
        assertEquals(0, Nd4jBackend.threads(0, "8"), "OMP_NUM_THREADS set: ND4J's default reads it");
        assertEquals(1, Nd4jBackend.threads(0, null));
        assertEquals(1, Nd4jBackend.threads(0, " "));
    }
}
