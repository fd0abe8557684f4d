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
        return run(new RepflowCommand(), args);
    }

    /**
     * Runs {@code command} (a picocli command object, e.g. repflow-spark's) as {@code repflow} runs its
     * own: the same error reporting and exit codes, and {@code eval}/{@code predict} sub-commands take
     * their defaults from the run record of their {@code --checkpoint}.
     */
    public static int run(Object command, String... args) {
        CommandLine cli = commandLine(command);
        try {
            RecordedDefaults.install(cli, args);
        } catch (UsageException e) {
            cli.getErr().println(cli.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            return ErrorReporter.USAGE;
        }
        return cli.execute(args);
    }

    private static CommandLine commandLine(Object command) {
        CommandLine cli = new CommandLine(command);
        cli.setExecutionExceptionHandler(new ErrorReporter());
        cli.setParameterExceptionHandler(new ErrorReporter());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }
}
