package io.repflow.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How {@code repflow predict} and {@code repflow spark predict} sample a video and report it:
 * {@code --top}, {@code --clips}, {@code --stride}, {@code --class-names}.
 */
public final class PredictOptions {

    @Option(names = "--top", defaultValue = "5", description = "Classes per video (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(
            names = "--clips",
            defaultValue = "3",
            description = "Clips sampled evenly over each video (default: ${DEFAULT-VALUE}).")
    int clips;

    @Option(
            names = "--stride",
            defaultValue = "1",
            description = "Frame stride within a clip (default: ${DEFAULT-VALUE}).")
    int stride;

    @Option(
            names = "--class-names",
            paramLabel = "FILE",
            description = "Class names, one per line (default: classes.txt of the run).")
    Path classNames;

    /** Classes to print per video, checked. */
    public int top() {
        if (top < 1) {
            throw new UsageException("--top " + top + " is out of range; use 1 or more (classes to print)");
        }
        return top;
    }

    public int clips() {
        return clips;
    }

    public int stride() {
        return stride;
    }

    /**
     * The {@code numClasses} class names: {@code --class-names}, else the run's {@code classes.txt} found
     * from the checkpoint directory {@code dir} upwards (else {@code class 0..K-1}).
     */
    public List<String> classes(Path dir, int numClasses) throws IOException {
        if (classNames == null) {
            return RunFiles.readClasses(dir, numClasses);
        }
        UsageException.requireRegularFile("--class-names", classNames, "");
        List<String> names = Files.readAllLines(classNames).stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
        if (names.size() != numClasses) {
            throw new UsageException("--class-names " + classNames + " lists " + names.size()
                    + " classes but the model predicts " + numClasses);
        }
        return names;
    }
}
