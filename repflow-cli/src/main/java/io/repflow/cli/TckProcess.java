package io.repflow.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs {@code repflow tck} in a JVM that has the conformance kit. The kit (repflow-tck with JUnit and
 * its launcher, and Testcontainers for {@code --container}) is a compile-time-only dependency of the
 * command, so JUnit stays off the run-time class path of every other command; its class-path list is
 * written at build time to {@code repflow-cli/target/tck-classpath.txt}, and {@code ./repflow} names
 * that file in the system property {@value #PROPERTY}.
 */
final class TckProcess {

    /** The system property naming the file with the kit's class path (one line, path-separated). */
    static final String PROPERTY = "repflow.tck.classpath";

    /** Set in the kit's JVM: it handles SIGTERM and SIGINT itself ({@link StopSignals}). */
    static final String SIGNALS = "repflow.tck.signals";

    private static final String KIT_CLASS = "io.repflow.tck.BackendDiscoveryContract";

    private TckProcess() {}

    /** Whether the kit's classes are loadable in this JVM (a test run, or the relaunched JVM). */
    static boolean kitLoaded() {
        try {
            Class.forName(KIT_CLASS, false, TckProcess.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Runs {@code repflow <args>} again with this JVM's options and class path plus the kit's, its
     * output going straight to this process's; returns its exit status.
     */
    static int relaunch(List<String> args, PrintWriter err) {
        String list = System.getProperty(PROPERTY);
        if (list == null || list.isBlank()) {
            err.println("repflow tck: the conformance kit is not on the class path, and system property " + PROPERTY
                    + " names no class-path list for it (./repflow passes repflow-cli/target/tck-classpath.txt)");
            return ErrorReporter.USAGE;
        }
        Path file = Path.of(list);
        if (!Files.isRegularFile(file)) {
            err.println("repflow tck: the conformance kit's class-path list " + file
                    + " does not exist (the build of repflow-cli writes it: ./mvnw package -pl repflow-cli -am)");
            return ErrorReporter.USAGE;
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path") + File.pathSeparator + read(file));
        command.add("-D" + SIGNALS + "=true");
        command.add(Main.class.getName());
        command.addAll(args);
        Process p;
        try {
            p = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            err.println("repflow tck: could not start the kit's JVM: " + e.getMessage());
            return ErrorReporter.FAILED;
        }
        // a signal to this process goes on to the kit's, which stops after its running check; this one waits
        StopSignals.handle(p::destroy);
        try {
            int status = p.waitFor();
            Optional<String> signal = StopSignals.received();
            return signal.isPresent() && status == 0 ? StopSignals.status(signal.get()) : status;
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            return ErrorReporter.FAILED;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the kit's class-path list " + file, e);
        }
    }
}
