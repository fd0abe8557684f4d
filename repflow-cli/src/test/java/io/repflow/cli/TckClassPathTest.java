package io.repflow.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The class paths the build writes for {@code ./repflow}: the command's run time holds no JUnit and
 * no conformance kit; the kit's list, which only {@code repflow tck} adds, holds both.
 */
class TckClassPathTest {

    private static List<String> jars(String file) throws IOException {
        String line = Files.readString(Path.of("target", file), StandardCharsets.UTF_8)
                .strip();
        return List.of(line.split(File.pathSeparator)).stream()
                .map(p -> Path.of(p).getFileName().toString())
                .toList();
    }

    private static boolean has(List<String> jars, String prefix) {
        return jars.stream().anyMatch(j -> j.startsWith(prefix));
    }

    @Test
    void theRunTimeClassPathHasNoJunitAndNoKit() throws IOException {
        List<String> runtime = jars("classpath.txt");
        assertTrue(has(runtime, "repflow-reference-"), "the reference backend is installed: " + runtime);
        for (String absent : List.of("junit-", "junit-jupiter", "junit-platform", "repflow-tck-", "testcontainers-")) {
            assertFalse(has(runtime, absent), absent + " on the run-time class path: " + runtime);
        }
    }

    @Test
    void theKitClassPathHasTheContractsAndTheLauncher() throws IOException {
        List<String> kit = jars("tck-classpath.txt");
        for (String present :
                List.of("repflow-tck-", "junit-platform-launcher-", "junit-jupiter-engine-", "testcontainers-")) {
            assertTrue(has(kit, present), present + " missing from the kit's class path: " + kit);
        }
    }
}
