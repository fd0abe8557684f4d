package io.repflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the scripts of src/test/python; {@code -Drepflow.python=} picks the interpreter (default /usr/bin/python3). */
final class PythonScripts {

    private PythonScripts() {}

    /** The script's standard output and error, after it exited with 0. */
    static String run(String script, String... args) throws IOException, InterruptedException {
        String python = System.getProperty("repflow.python", "");
        if (python.isBlank()) {
            python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        }
        List<String> cmd = new ArrayList<>(
                List.of(python, Path.of("src/test/python", script).toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), script + " timed out");
        assertEquals(0, p.exitValue(), script + " " + String.join(" ", args) + " failed: " + out);
        return out;
    }
}
