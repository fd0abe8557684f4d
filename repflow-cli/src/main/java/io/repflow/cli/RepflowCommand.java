package io.repflow.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code repflow}: the top-level command; each job is a subcommand. */
@Command(
        name = "repflow",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description =
                "Representation flow for action recognition: train, evaluate, predict, draw flow, check and benchmark engines.",
        footer = {
            "",
            "repflow spark predict|eval: a corpus on Apache Spark; ./repflow spark --help (runs repflow-spark's class path)."
        },
        subcommands = {
            TrainCommand.class,
            EvalCommand.class,
            PredictCommand.class,
            FlowCommand.class,
            BackendsCommand.class,
            TckCommand.class,
            BenchCommand.class
        })
public final class RepflowCommand implements Runnable {

    @Option(
            names = "--verbose",
            scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Print stack traces with errors and debug logging.")
    boolean verbose;

    @Override
    public void run() {
        throw new UsageException(
                "name a command: train, eval, predict, flow, backends, tck or bench (repflow --help lists them)");
    }
}
