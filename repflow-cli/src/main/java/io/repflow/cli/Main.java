package io.repflow.cli;

import picocli.CommandLine;

/** Entry point of the {@code repflow} command. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command and returns its exit code (0 ok, 1 failed work, 2 bad usage or input). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new RepflowCommand());
        cli.setExecutionExceptionHandler(new ErrorReporter());
        cli.setParameterExceptionHandler(new ErrorReporter());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        try {
            RecordedDefaults.install(cli, args);
        } catch (UsageException e) {
            cli.getErr().println("repflow: " + e.getMessage());
            return ErrorReporter.USAGE;
        }
        return cli.execute(args);
    }
}
