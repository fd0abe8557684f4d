package io.repflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostTensorTest {

    @Test
    void indexesInRowMajorOrder() {
        HostTensor t = HostTensor.of(new float[] {0, 1, 2, 3, 4, 5}, 2, 3);
        assertEquals(5f, t.get(1, 2));
        assertEquals(3f, t.get(1, 0));
        assertEquals("[1, 2]", java.util.Arrays.toString(t.shape().index(5)));
    }

    @Test
    void isImmutable() {
        float[] data = {1, 2};
        HostTensor t = HostTensor.of(data, 2);
        data[0] = 9;
        t.toArray()[1] = 9;
        assertEquals(1f, t.flat(0));
        assertEquals(2f, t.flat(1));
        assertThrows(java.nio.ReadOnlyBufferException.class, () -> t.buffer().put(0, 3f));
    }

    @Test
    void shapeErrorsPrintFullShapes() {
        String m = assertThrows(IllegalArgumentException.class, () -> HostTensor.of(new float[5], 2, 3))
                .getMessage();
        assertTrue(m.contains("[2, 3]") && m.contains("5"), m);
        String r = assertThrows(
                        IllegalArgumentException.class,
                        () -> HostTensor.zeros(2, 3).reshape(4, 2))
                .getMessage();
        assertTrue(r.contains("[2, 3]") && r.contains("[4, 2]"), r);
        String s = assertThrows(
                        IllegalArgumentException.class,
                        () -> HostTensor.zeros(2, 3).requireShape("F1", Shape.of(2, 4)))
                .getMessage();
        assertTrue(s.contains("F1 has shape [2, 3] but [2, 4] was expected"), s);
    }

    @Test
    void nonFiniteValuesAreNamedWithTheirIndex() {
        HostTensor t = HostTensor.of(new float[] {0, 1, Float.NaN, 2}, 2, 2);
        String m = assertThrows(IllegalArgumentException.class, () -> t.requireFinite("F2"))
                .getMessage();
        assertTrue(m.contains("F2 [2, 2] holds NaN at index [1, 0]"), m);
        HostTensor inf = HostTensor.of(new float[] {Float.POSITIVE_INFINITY}, 1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> inf.requireFinite("x"))
                .getMessage()
                .contains("Infinity"));
    }

    @Test
    void negativeDimensionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, -1));
    }
}
