package io.repflow.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import io.repflow.inject.OpenedBackend;
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
        return run(new CliModule(), command, args);
    }

    /**
     * Runs {@code command} with {@code bindings} as the injector's modules (tests replace the backend with
     * {@code Modules.override(new CliModule())}). One injector per invocation: this method owns it, so it
     * closes the backend the command opened, once the command has returned.
     */
    static int run(Module bindings, Object command, String... args) {
        Injector injector = Guice.createInjector(bindings);
        injector.injectMembers(command);
        try (OpenedBackend opened = injector.getInstance(OpenedBackend.class)) {
            CommandLine cli = commandLine(command, new GuiceFactory(injector));
            try {
                RecordedDefaults.install(cli, args);
            } catch (UsageException e) {
                cli.getErr().println(cli.getCommandSpec().qualifiedName() + ": " + e.getMessage());
                return ErrorReporter.USAGE;
            }
            return cli.execute(args);
        }
    }

    private static CommandLine commandLine(Object command, CommandLine.IFactory factory) {
        CommandLine cli = new CommandLine(command, factory);
        cli.setExecutionExceptionHandler(new ErrorReporter());
        cli.setParameterExceptionHandler(new ErrorReporter());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }
}
