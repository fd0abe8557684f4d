package io.repflow.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** .npy files written by numpy (src/test/python/make_npy_fixtures.py) read exactly; bad ones are refused by name. */
class HostTensorNpyTest {

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(HostTensorNpyTest.class.getResource("/npy/" + name).toURI());
    }

    private static float[] expected() {
        float[] v = new float[24];
        for (int i = 0; i < 24; i++) {
            v[i] = (float) ((i - 11.5) / 3.0);
        }
        return v;
    }

    @ParameterizedTest
    @ValueSource(strings = {"f4_le.npy", "f4_be.npy", "f8_le.npy", "f8_be.npy", "v2.npy"})
    void readsNumpyFloatFilesInEitherByteOrder(String name) throws Exception {
        HostTensor t = HostTensor.readNpy(fixture(name));
        assertEquals(Shape.of(2, 3, 4), t.shape());
        assertArrayEquals(expected(), t.toArray());
    }

    @Test
    void readsScalarAndEmptyArrays() throws Exception {
        HostTensor s = HostTensor.readNpy(fixture("scalar.npy"));
        assertEquals(0, s.rank());
        assertEquals(2.5f, s.flat(0));
        HostTensor e = HostTensor.readNpy(fixture("empty.npy"));
        assertEquals(Shape.of(0, 3), e.shape());
        assertEquals(0, e.size());
    }

    @Test
    void refusesWhatItCannotReadCorrectly() {
        String fortran = assertThrows(NpyFormatException.class, () -> HostTensor.readNpy(fixture("fortran.npy")))
                .getMessage();
        assertTrue(fortran.contains("fortran.npy") && fortran.contains("Fortran"), fortran);
        String int32 = assertThrows(NpyFormatException.class, () -> HostTensor.readNpy(fixture("int32.npy")))
                .getMessage();
        assertTrue(int32.contains("'<i4'") && int32.contains("float32 or float64"), int32);
        String truncated = assertThrows(NpyFormatException.class, () -> HostTensor.readNpy(fixture("truncated.npy")))
                .getMessage();
        assertTrue(
                truncated.contains("truncated.npy")
                        && truncated.contains("truncated")
                        && truncated.contains("[2, 3, 4]"),
                truncated);
        String text = assertThrows(NpyFormatException.class, () -> HostTensor.readNpy(fixture("not_npy.npy")))
                .getMessage();
        assertTrue(text.contains("not a .npy file"), text);
    }

    @Test
    void emptyFileIsATruncationError(@TempDir Path dir) throws IOException {
        Path f = Files.createFile(dir.resolve("zero.npy"));
        String m = assertThrows(NpyFormatException.class, () -> HostTensor.readNpy(f))
                .getMessage();
        assertTrue(m.contains("zero.npy") && m.contains("truncated"), m);
    }

    @Test
    void writesWhatNumpyWrites(@TempDir Path dir) throws Exception {
        HostTensor t = HostTensor.of(expected(), 2, 3, 4);
        Path out = dir.resolve("sub/out.npy");
        t.writeNpy(out);
        // numpy's own file for the same float32 values is byte-for-byte what we write
        assertArrayEquals(Files.readAllBytes(fixture("f4_le.npy")), Files.readAllBytes(out));
        assertEquals(t, HostTensor.readNpy(out));
        try (var files = Files.list(out.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void roundTripsOddShapes(@TempDir Path dir) throws IOException {
        for (int[] shape : new int[][] {{1}, {7}, {3, 1, 2, 5, 1}, {}}) {
            HostTensor t = HostTensor.uniform(3, -1, 1, shape);
            Path f = dir.resolve("t.npy");
            t.writeNpy(f);
            assertEquals(t, HostTensor.readNpy(f));
        }
    }
}
