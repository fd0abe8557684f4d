package io.repflow.reference;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * repflow's one Python oracle of the flow layer: {@value #FILE}, a resource of this module, the layer
 * of design rules 2.1–2.11 in PyTorch eager ops with the dtype as the caller's choice (float64 for the
 * cross-checks, float32 for the benchmark baseline). Scripts import it from the directory it is
 * copied to.
 */
public final class PythonOracle {

    /** The oracle's file name, also the name of the Python module ({@code import flow_oracle}). */
    public static final String FILE = "flow_oracle.py";

    private PythonOracle() {}

    /** Copies the oracle into {@code dir} (created when missing), replacing an older copy, and returns its path. */
    public static Path copyTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(FILE);
        try (InputStream in = PythonOracle.class.getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IOException("resource " + FILE + " is missing from the repflow-reference jar");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
