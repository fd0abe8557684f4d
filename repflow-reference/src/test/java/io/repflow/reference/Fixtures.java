package io.repflow.reference;

import io.repflow.api.HostTensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** Test fixtures under src/test/resources/fixtures, read as float64 where the file is float64. */
final class Fixtures {

    private Fixtures() {}

    static Path dir(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("fixture directory " + name + " is missing", e);
        }
    }

    /** A float64 .npy file read without going through float32. */
    static DoubleTensor npy64(Path file) {
        try {
            return NpyDoubles.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HostTensor npy32(Path file) {
        try {
            return HostTensor.readNpy(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
