package io.repflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class SeedsTest {

    /** The first outputs of SplitMix64 from seed 0, as its reference implementation (Vigna's splitmix64.c) gives them. */
    @Test
    void splitMixIsTheSplitMix64Stream() {
        assertEquals(0xE220A8397B1DCDAFL, Seeds.splitMix(0, 0));
        assertEquals(0x6E789E6AA1B965F4L, Seeds.splitMix(0, 1));
        assertEquals(0x06C45D188009454FL, Seeds.splitMix(0, 2));
    }

    @Test
    void mixDependsOnEveryIndexAndTheirOrder() {
        assertEquals(Seeds.mix(7, 1, 2), Seeds.mix(7, 1, 2));
        assertNotEquals(Seeds.mix(7, 1, 2), Seeds.mix(7, 2, 1));
        assertNotEquals(Seeds.mix(7, 1, 2), Seeds.mix(7, 1, 3));
        assertNotEquals(Seeds.mix(7, 1), Seeds.mix(7, 1, 0));
        assertNotEquals(Seeds.mix(7), Seeds.mix(8));
    }
}
