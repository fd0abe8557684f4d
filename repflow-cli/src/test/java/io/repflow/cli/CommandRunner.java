package io.repflow.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code repflow} command in its own JVM, as a user would, with this test run's class path. */
final class CommandRunner {

    record Result(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private CommandRunner() {}

    static List<String> command(String... args) {
        return command(List.of("-cp", System.getProperty("java.class.path")), args);
    }

    /**
     * The command exactly as {@code ./repflow} starts it: the run-time class path the build wrote
     * (without the conformance kit or JUnit) plus the module's classes, and the kit's class-path list.
     */
    static List<String> packagedCommand(String... args) throws IOException {
        Path target = Path.of("target").toAbsolutePath();
        String runtime = Files.readString(target.resolve("classpath.txt"), StandardCharsets.UTF_8)
                .strip();
        return command(
                List.of(
                        "-Drepflow.tck.classpath=" + target.resolve("tck-classpath.txt"),
                        "-cp",
                        runtime + java.io.File.pathSeparator + target.resolve("classes")),
                args);
    }

    private static List<String> command(List<String> classPath, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.ai.djl=error"));
        cmd.addAll(classPath);
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** A process builder for {@code command} with the environment {@code ./repflow} sets. */
    static ProcessBuilder builder(List<String> command) throws IOException {
        ProcessBuilder b = new ProcessBuilder(command);
        b.environment().putAll(LauncherEnvironment.read());
        return b;
    }

    static Process start(Path workDir, Path log, String... args) throws IOException {
        return builder(command(args))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    static Result run(Path workDir, String... args) throws IOException, InterruptedException {
        return run(workDir, command(args), args);
    }

    /** {@link #run} with {@link #packagedCommand}. */
    static Result runPackaged(Path workDir, String... args) throws IOException, InterruptedException {
        return run(workDir, packagedCommand(args), args);
    }

    private static Result run(Path workDir, List<String> command, String... args)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        Process p = builder(command)
                .directory(workDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("repflow " + String.join(" ", args) + " did not finish in 15 minutes");
        }
        return new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
