package io.repflow.spark;

import io.repflow.cli.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code repflow spark}: inference and evaluation over a corpus on Apache Spark. */
@Command(
        name = "repflow spark",
        mixinStandardHelpOptions = true,
        description = "Predict or evaluate a corpus of videos on Apache Spark (embedded local[*] by default).",
        subcommands = {SparkPredictCommand.class, SparkEvalCommand.class})
public final class SparkCommand implements Runnable {

    @Option(
            names = "--verbose",
            scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Print stack traces with errors.")
    boolean verbose;

    @Override
    public void run() {
        throw new UsageException("name a command: predict or eval (repflow spark --help lists them)");
    }
}
