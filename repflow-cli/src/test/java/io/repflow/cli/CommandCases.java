package io.repflow.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs many {@code repflow} invocations in one JVM, as {@link Main} would one by one: each through
 * {@link Main#run} (the exit status {@code main} hands to {@code System.exit}), with its standard output and
 * error captured to {@code I.out} and {@code I.err}. Started by {@code ChildJvm} (so a JVM crash costs one case);
 * prints {@code start I} and {@code result I STATUS}.
 *
 * <p>Arguments: the cases file (one invocation per line, arguments separated by tabs), the output directory, the
 * case to start at.
 */
public final class CommandCases {

    private CommandCases() {}

    public static void main(String[] args) throws IOException {
        List<String> cases = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        Path out = Path.of(args[1]);
        int from = Integer.parseInt(args[2]);
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        for (int i = from; i < cases.size(); i++) {
            stdout.println("start " + i);
            stdout.flush();
            int status;
            try (PrintStream o = new PrintStream(
                            Files.newOutputStream(out.resolve(i + ".out")), true, StandardCharsets.UTF_8);
                    PrintStream e = new PrintStream(
                            Files.newOutputStream(out.resolve(i + ".err")), true, StandardCharsets.UTF_8)) {
                System.setOut(o);
                System.setErr(e);
                status = Main.run(cases.get(i).split("\t"));
            } finally {
                System.setOut(stdout);
                System.setErr(stderr);
            }
            stdout.println("result " + i + " " + status);
            stdout.flush();
        }
    }
}
