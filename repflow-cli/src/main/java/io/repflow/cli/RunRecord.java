package io.repflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@value #FILE} in a run directory: every option of the {@code train} that made the run (data, model, flow,
 * optimiser, backend, device, seed, normalisation, initialisation; paths made absolute), under the keys a
 * {@link ConfigFile} uses, plus a {@value #RUN} object with the start time and versions. {@code eval},
 * {@code predict} and {@code train --resume} take their defaults from it, and it is itself a valid config.
 */
final class RunRecord {

    static final String FILE = "run.json";
    static final String RUN = "run";

    /** Options that say how to run a command, not what the run is: not recorded. */
    private static final Set<String> NOT_RECORDED = Set.of("help", "version", "verbose", "config", "resume");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunRecord() {}

    /** The config key of an option: its longest name without the dashes. */
    static String key(OptionSpec o) {
        return o.longestName().replaceFirst("^-+", "");
    }

    static boolean recorded(OptionSpec o) {
        return !NOT_RECORDED.contains(key(o));
    }

    /** The record of the run in {@code dir}, if it has one. */
    static Optional<ConfigFile> in(Path dir) {
        Path f = dir.resolve(FILE);
        return Files.isRegularFile(f) ? Optional.of(ConfigFile.read(f)) : Optional.empty();
    }

    /** The record of the run a checkpoint or run directory belongs to (the directory's, else its parent's). */
    static Optional<ConfigFile> forCheckpoint(Path checkpointOrRun) {
        Path abs = checkpointOrRun.toAbsolutePath().normalize();
        Optional<ConfigFile> here = in(abs);
        return here.isPresent() || abs.getParent() == null ? here : in(abs.getParent());
    }

    /** Writes {@code dir}/run.json (atomically) from the parsed options of {@code spec}. */
    static void write(Path dir, CommandSpec spec, Map<String, String> versions) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        for (OptionSpec o : spec.options()) {
            if (recorded(o)) {
                put(root, key(o), o.getValue());
            }
        }
        ObjectNode run = root.putObject(RUN);
        run.put("command", spec.qualifiedName());
        run.put("started", Instant.now().toString());
        ObjectNode v = run.putObject("versions");
        versions.forEach(v::put);
        RunFiles.writeAtomically(dir.resolve(FILE), JSON.writeValueAsString(root) + "\n");
    }

    /** The form of a value as the record holds it (and as a resumed run's flags are compared with it). */
    static String text(Object value) {
        if (value instanceof Path p) {
            return p.toAbsolutePath().normalize().toString();
        }
        if (value instanceof Collection<?> c) {
            return String.join(",", c.stream().map(RunRecord::text).sorted().toList());
        }
        return Objects.toString(value);
    }

    private static void put(ObjectNode root, String key, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof Boolean b) {
            root.put(key, b);
        } else if (value instanceof Integer i) {
            root.put(key, i);
        } else if (value instanceof Long l) {
            root.put(key, l);
        } else if (value instanceof Double d) {
            root.put(key, d);
        } else if (value instanceof Collection<?> c) {
            ArrayNode a = root.putArray(key);
            c.stream().map(RunRecord::text).sorted().forEach(a::add);
        } else {
            root.put(key, text(value));
        }
    }
}
