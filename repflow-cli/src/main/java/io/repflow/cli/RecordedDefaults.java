package io.repflow.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from files, below the flags: for {@code train}, its {@code --config} (and on
 * {@code --resume} the run's {@value RunRecord#FILE}); for {@code eval} and {@code predict}, the record of
 * the run {@code --checkpoint} names. Picocli asks for defaults before it reads the flags, so the command
 * line is looked at first for those few options.
 */
public final class RecordedDefaults implements IDefaultValueProvider {

    /**
     * A command (e.g. repflow-spark's predict) some of whose options never take a run record's value
     * although a training option has the same name (its own {@code --out}, its input {@code --list}).
     */
    public interface OwnOptions {
        /** Option names without dashes, e.g. {@code out}. */
        Set<String> notFromRecord();
    }

    private final List<ConfigFile> layers;
    private final Set<String> own;

    private RecordedDefaults(List<ConfigFile> layers, Set<String> own) {
        this.layers = List.copyOf(layers);
        this.own = Set.copyOf(own);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (arg instanceof OptionSpec o && RunRecord.recorded(o) && !own.contains(RunRecord.key(o))) {
            for (ConfigFile c : layers) {
                String v = c.values().get(RunRecord.key(o));
                if (v != null) {
                    return v;
                }
            }
        }
        return null;
    }

    /** Installs the defaults the arguments call for on the sub-command they name. */
    static void install(CommandLine cli, String[] args) {
        String name = null;
        int at = -1;
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("-")) {
                name = args[i];
                at = i;
                break;
            }
        }
        CommandLine sub = name == null ? null : cli.getSubcommands().get(name);
        if (sub == null) {
            return;
        }
        List<String> rest = List.of(args).subList(at + 1, args.length);
        List<ConfigFile> layers = new ArrayList<>();
        switch (name) {
            case "train" -> {
                Optional<String> config = value(rest, "--config");
                if (config.isPresent()) {
                    ConfigFile c = ConfigFile.read(Path.of(config.get()));
                    requireKnownKeys(sub.getCommandSpec(), c);
                    layers.add(c);
                }
                if (rest.contains("--resume")) {
                    value(rest, "--out", "-o")
                            .flatMap(out -> RunRecord.in(Path.of(out)))
                            .ifPresent(layers::add);
                }
            }
            case "eval", "predict" ->
                value(rest, "--checkpoint")
                        .flatMap(c -> RunRecord.forCheckpoint(Path.of(c)))
                        .ifPresent(layers::add);
            default -> {}
        }
        if (!layers.isEmpty()) {
            Set<String> own = sub.getCommand() instanceof OwnOptions o ? o.notFromRecord() : Set.of();
            sub.setDefaultValueProvider(new RecordedDefaults(layers, own));
        }
    }

    private static void requireKnownKeys(CommandSpec spec, ConfigFile c) {
        TreeSet<String> known = new TreeSet<>();
        for (OptionSpec o : spec.options()) {
            if (RunRecord.recorded(o)) {
                known.add(RunRecord.key(o));
            }
        }
        for (String key : c.values().keySet()) {
            if (!known.contains(key)) {
                throw new UsageException("config " + c.file() + ": '" + key + "' is not an option of repflow "
                        + spec.name() + " (keys are the long option names without dashes: " + String.join(", ", known)
                        + ")");
            }
        }
    }

    /** The value of the first of {@code names} in {@code args} ({@code --name V} or {@code --name=V}). */
    private static Optional<String> value(List<String> args, String... names) {
        for (int i = 0; i < args.size(); i++) {
            for (String n : names) {
                if (args.get(i).equals(n) && i + 1 < args.size()) {
                    return Optional.of(args.get(i + 1));
                }
                if (args.get(i).startsWith(n + "=")) {
                    return Optional.of(args.get(i).substring(n.length() + 1));
                }
            }
        }
        return Optional.empty();
    }
}
