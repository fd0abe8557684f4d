package io.repflow.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The views and output of {@code repflow eval} and {@code repflow spark eval}: {@code --clips},
 * {@code --crops}, {@code --batch}, {@code -o}.
 */
public final class EvalOptions {

    @Option(names = "--clips", defaultValue = "1", description = "Clips per video (default: ${DEFAULT-VALUE}).")
    int clips;

    @Option(
            names = "--crops",
            defaultValue = "1",
            description = "Crops per clip: 1 = centre, N = N random crops (the paper: 25) (default: ${DEFAULT-VALUE}).")
    int crops;

    @Option(names = "--batch", defaultValue = "16", description = "Views per forward pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "DIR",
            description = "Where confusion-eval.csv/png go (default: the checkpoint's run directory).")
    Path out;

    public int clips() {
        return clips;
    }

    public int crops() {
        return crops;
    }

    /** Views per forward pass, checked. */
    public int batch() {
        if (batch < 1) {
            throw new UsageException("--batch " + batch + " is out of range; use 1 or more");
        }
        return batch;
    }

    /** {@code -o}, else {@code runDirectory}. */
    public Path out(Path runDirectory) {
        return out != null ? out : runDirectory;
    }
}
