package io.repflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.models.spec.ClipShape;
import io.repflow.models.spec.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every file in the repository's {@code configs/} is a valid {@code train --config}: each key is an option and
 * parses into the value written, the model it describes builds, and {@code synthetic-default.yaml} is exactly
 * {@code repflow train}'s defaults.
 */
class ConfigsFolderTest {

    private static final Path CONFIGS = Path.of("..", "configs");

    static Stream<Path> configs() throws IOException {
        try (Stream<Path> files = Files.list(CONFIGS)) {
            List<Path> all = files.sorted().toList();
            assertTrue(all.size() >= 4, "configs/ holds " + all);
            return all.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void parsesIntoTheOptionsItWritesAndItsModelBuilds(Path file) {
        ConfigFile config = ConfigFile.read(file);
        TrainCommand train = parse("train", "--config", file.toString());
        Map<String, Object> values = values(train);
        config.values().forEach((key, written) -> {
            assertTrue(values.containsKey(key), file + ": " + key + " is not an option of repflow train");
            assertSame(file + ": " + key, written, values.get(key));
        });
        ModelSpec spec = train.model.spec(ClipShape.rgb(train.data.frames(), train.data.size()), 51);
        assertTrue(spec.parameterCount() > 0, spec.name());
        if (!file.getFileName().toString().startsWith("synthetic")) {
            assertTrue(spec.flowBlocks().contains("rep_flow"), file + ": " + spec.name() + " has a flow block");
        }
    }

    @Test
    void theSyntheticDefaultIsWhatTrainDoesWithoutAConfig() {
        Path file = CONFIGS.resolve("synthetic-default.yaml");
        TrainCommand defaults = parse("train");
        Map<String, Object> plain = values(defaults);
        Map<String, Object> configured = values(parse("train", "--config", file.toString()));
        // what train derives when no flag or config sets them
        plain.put("frames", defaults.data.frames());
        plain.put("size", defaults.data.size());
        plain.put("learn", io.repflow.api.Learnable.defaults());
        plain.put("normalize", Normalization.MINUS_ONE_TO_ONE);
        assertEquals(text(plain), text(configured));
    }

    private static TrainCommand parse(String... args) {
        CommandLine cli = new CommandLine(new RepflowCommand());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        RecordedDefaults.install(cli, args);
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        return (TrainCommand) parsed.subcommand().commandSpec().userObject();
    }

    private static Map<String, Object> values(TrainCommand train) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (OptionSpec o : train.commandSpec.options()) {
            if (RunRecord.recorded(o) && !RunRecord.key(o).equals("config")) {
                values.put(RunRecord.key(o), o.getValue());
            }
        }
        return values;
    }

    private static Map<String, String> text(Map<String, Object> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, RunRecord.text(v)));
        return out;
    }

    /** The written text and the parsed value say the same: numbers by value, lists as sets, names in any case. */
    private static void assertSame(String what, String written, Object parsed) {
        if (parsed instanceof Number n) {
            assertEquals(Double.parseDouble(written), n.doubleValue(), what);
        } else if (parsed instanceof Path p) {
            assertEquals(
                    Path.of(written).toAbsolutePath().normalize(),
                    p.toAbsolutePath().normalize(),
                    what);
        } else if (parsed instanceof Collection<?> c) {
            TreeSet<String> a = new TreeSet<>();
            for (String s : written.split(",")) {
                a.add(s.strip().toLowerCase(Locale.ROOT));
            }
            TreeSet<String> b = new TreeSet<>();
            c.forEach(x -> b.add(x.toString().toLowerCase(Locale.ROOT)));
            assertEquals(a, b, what);
        } else {
            assertEquals(
                    written.toLowerCase(Locale.ROOT), String.valueOf(parsed).toLowerCase(Locale.ROOT), what);
        }
    }
}
