package io.repflow.models.checkpoint;

import java.nio.file.Files;
import java.nio.file.Path;

/** The Python interpreter for the cross-language format tests (standard library only). */
final class Python {

    private Python() {}

    /** {@code -Drepflow.python=...}, else /usr/bin/python3 when present, else python3 from PATH. */
    static String executable() {
        String configured = System.getProperty("repflow.python");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }
}
