package io.repflow.cli;

import io.repflow.api.NpyFormatException;
import io.repflow.spi.BackendLoadException;
import io.repflow.spi.BackendSelectionException;
import io.repflow.spi.UnsupportedCapabilityException;
import java.io.FileNotFoundException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one line on stderr and an exit code: 2 for what the user can fix (bad flags,
 * unknown backend or model, missing or malformed input), 1 for work that failed. A stack trace only
 * with {@code --verbose}.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

    static final int USAGE = 2;
    static final int FAILED = 1;

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        cmd.getErr()
                .println(cmd.getCommandSpec().root().qualifiedName() + ": " + ex.getMessage() + " (see: "
                        + cmd.getCommandSpec().qualifiedName() + " --help)");
        if (verbose(args)) {
            ex.printStackTrace(cmd.getErr());
        }
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception thrown, CommandLine cmd, ParseResult parsed) {
        Throwable ex = unwrap(thrown);
        boolean usage = isUsage(ex);
        // the command the user ran, in full: "repflow predict", "repflow spark predict"
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + context(thrown, ex) + message(ex));
        if (parsed.hasMatchedOption("--verbose")
                || verbose(parsed.originalArgs().toArray(String[]::new))) {
            ex.printStackTrace(cmd.getErr());
        } else if (!usage) {
            cmd.getErr().println("(run with --verbose for the stack trace)");
        }
        return usage ? USAGE : FAILED;
    }

    /** The failure itself, not the Guice provisioning or I/O wrapper around it. */
    static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof com.google.inject.ProvisionException
                        || cur instanceof com.google.inject.CreationException
                        || cur instanceof java.io.UncheckedIOException
                        || cur instanceof java.lang.reflect.InvocationTargetException)
                && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }

    /**
     * What an unwrapped {@link java.io.UncheckedIOException} said that its cause does not: the file being written
     * ("could not write …/metrics.jsonl: ") when the cause (a full disk) names none; else nothing.
     */
    private static String context(Throwable thrown, Throwable cause) {
        if (cause instanceof java.nio.file.FileSystemException) {
            return "";
        }
        for (Throwable cur = thrown; cur != null && cur != cause; cur = cur.getCause()) {
            if (cur instanceof java.io.UncheckedIOException && cur.getMessage() != null) {
                String m = cur.getMessage();
                return m.equals(cur.getCause() == null ? null : String.valueOf(cur.getCause())) ? "" : m + ": ";
            }
        }
        return "";
    }

    private static boolean verbose(String[] args) {
        for (String a : args) {
            if (a.equals("--verbose")) {
                return true;
            }
        }
        return false;
    }

    static boolean isUsage(Throwable t) {
        return t instanceof UsageException
                || t instanceof IllegalArgumentException
                || t instanceof BackendSelectionException
                || t instanceof UnsupportedCapabilityException
                || t instanceof BackendLoadException
                || t instanceof NpyFormatException
                || t instanceof io.repflow.data.dataset.DatasetException
                || t instanceof io.repflow.data.video.VideoException
                || t instanceof io.repflow.data.loader.NoUsableSamplesException
                || t instanceof io.repflow.models.checkpoint.CheckpointFormatException
                || t instanceof io.repflow.spi.NonFiniteResultException
                // a path given that cannot be used: missing, not a directory, permission denied, read-only
                || t instanceof java.nio.file.FileSystemException
                || t instanceof FileNotFoundException;
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        if (t instanceof NoSuchFileException) {
            return "no such file: " + m;
        }
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.replace('\n', ' ');
    }
}
