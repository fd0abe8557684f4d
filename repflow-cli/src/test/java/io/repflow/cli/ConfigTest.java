package io.repflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --config}: YAML and JSON configs under the flags, run.json as a config, unknown keys refused. */
class ConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void yamlConfigThenItsRunJsonAsAConfigRecordTheSameRun() throws Exception {
        Files.writeString(dir.resolve("tiny.yaml"), """
                # a tiny synthetic run
                frames: 4
                size: 16
                train-clips: 16
                val-clips: 8
                batch: 8
                epochs: 3
                iterations: 3
                lr: 0.02
                learn: [theta, tau]
                backend: djl
                seed: 5
                """);
        CommandRunner.Result first =
                CommandRunner.run(dir, "train", "--config", "tiny.yaml", "--epochs", "1", "-o", "a");
        assertEquals(0, first.exitCode(), first.all());
        JsonNode a = JSON.readTree(dir.resolve("a").resolve(RunRecord.FILE).toFile());
        assertEquals(1, a.get("epochs").asInt(), "a flag overrides the config");
        assertEquals(16, a.get("train-clips").asInt());
        assertEquals(0.02, a.get("lr").asDouble());
        assertEquals("[\"TAU\",\"THETA\"]", a.get("learn").toString());
        assertEquals("minus-one-to-one", a.get("normalize").asText());
        assertEquals(5, a.get("seed").asInt());
        assertEquals("djl", a.get("backend").asText());
        assertTrue(a.get("run").get("versions").get("engine").asText().startsWith("djl "), a.toString());
        assertTrue(a.get("run").has("started"), a.toString());

        CommandRunner.Result second = CommandRunner.run(
                dir, "train", "--config", dir.resolve("a/run.json").toString(), "-o", "b");
        assertEquals(0, second.exitCode(), second.all());
        ObjectNode b = (ObjectNode)
                JSON.readTree(dir.resolve("b").resolve(RunRecord.FILE).toFile());
        ObjectNode expected = ((ObjectNode) a).deepCopy();
        expected.remove(RunRecord.RUN);
        b.remove(RunRecord.RUN);
        expected.put("out", dir.resolve("b").toAbsolutePath().toString());
        assertEquals(expected, b, "a run.json is a config for the same run");
        assertEquals(
                find(first.out(), "held-out: top-1 ([0-9.]+)"),
                find(second.out(), "held-out: top-1 ([0-9.]+)"),
                "the same options train the same model");
    }

    @Test
    void unknownKeysAndBadFilesAreOneLineErrors() throws Exception {
        Files.writeString(dir.resolve("typo.json"), "{\"epoch\": 3}");
        CommandRunner.Result typo = CommandRunner.run(dir, "train", "--config", "typo.json");
        assertEquals(2, typo.exitCode(), typo.all());
        assertTrue(typo.err().contains("'epoch' is not an option of repflow train"), typo.err());
        Files.writeString(dir.resolve("broken.yaml"), "lr: [0.1\n");
        CommandRunner.Result broken = CommandRunner.run(dir, "train", "--config", "broken.yaml");
        assertEquals(2, broken.exitCode(), broken.all());
        assertTrue(broken.err().contains("broken.yaml"), broken.err());
        CommandRunner.Result missing = CommandRunner.run(dir, "train", "--config", "none.yaml");
        assertEquals(2, missing.exitCode(), missing.all());
        assertTrue(missing.err().contains("none.yaml does not exist"), missing.err());
    }

    private static String find(String text, String regex) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "'" + regex + "' not found in:\n" + text);
        return m.group(1);
    }
}
