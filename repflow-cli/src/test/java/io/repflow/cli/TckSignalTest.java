package io.repflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to {@code repflow tck} (started as {@code ./repflow} starts it: the kit in a JVM of its own) at random
 * moments of DJL's training contract, and while two backends train at once: the kit stops after the running checks
 * and reports it, status 143, and no JVM crashes (no SIGSEGV in libtorch's backward, no {@code hs_err} file).
 */
class TckSignalTest {

    @TempDir
    Path dir;

    @Test
    void sigtermDuringDjlTrainingStopsBetweenChecks() throws Exception {
        Random random = new Random(14);
        for (int attempt = 0; attempt < 3; attempt++) {
            sigtermStopsBetweenChecks(
                    "djl" + attempt,
                    random,
                    "tck",
                    "--backend",
                    "djl",
                    "--contract",
                    "ModelTrainingContract,TrainingConvergenceContract");
        }
    }

    @Test
    void sigtermWhileTwoBackendsRunStopsBothBetweenChecks() throws Exception {
        // every backend, two at once on threads of the kit's JVM: both stop after their running check
        Random random = new Random(15);
        for (int attempt = 0; attempt < 2; attempt++) {
            sigtermStopsBetweenChecks(
                    "all" + attempt, random, "tck", "--jobs", "2", "--contract", "ModelTrainingContract");
        }
    }

    private void sigtermStopsBetweenChecks(String name, Random random, String... args) throws Exception {
        Path log = dir.resolve("tck-" + name + ".log");
        Process p = CommandRunner.builder(CommandRunner.packagedCommand(args))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        // the table's header is printed when the kit's JVM starts the contracts
        while (p.isAlive()
                && System.nanoTime() < deadline
                && !Files.readString(log).contains("seconds")) {
            Thread.sleep(50);
        }
        Thread.sleep(500 + random.nextInt(4000));
        assertTrue(p.isAlive(), "the kit is still training when the signal comes: " + Files.readString(log));
        p.destroy(); // SIGTERM to the command, which forwards it to the kit's JVM
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the kit stops after its running check");
        String text = Files.readString(log);
        assertEquals(143, p.exitValue(), text);
        assertTrue(text.contains("interrupted by SIGTERM; the kit stopped between checks"), text);
        assertFalse(text.contains("SIGSEGV") || text.contains("A fatal error"), text);
        try (Stream<Path> files = Files.list(dir)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().startsWith("hs_err")), "no JVM crash log");
        }
    }
}
