package io.repflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A config for {@code repflow train --config FILE} or a run's {@value RunRecord#FILE}: one JSON or YAML
 * object (YAML for {@code .yaml}/{@code .yml}, else JSON, read by Jackson) whose keys are the command's long
 * option names without the dashes ({@code lr}, {@code val-root}, …) and whose values are what the flags take
 * (lists for repeatable or comma-separated options). The {@value RunRecord#RUN} object (versions, start
 * time) is not an option and is left out.
 */
record ConfigFile(Path file, Map<String, String> values) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    ConfigFile {
        values = Map.copyOf(values);
    }

    static ConfigFile read(Path file) {
        UsageException.requireRegularFile("config", file, "");
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        JsonNode root;
        try {
            root = (name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : JSON).readTree(file.toFile());
        } catch (IOException e) {
            throw new UsageException(
                    "config " + file + " is not valid " + (name.endsWith("json") ? "JSON" : "YAML/JSON") + ": "
                            + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(root instanceof ObjectNode object)) {
            throw new UsageException(
                    "config " + file + " must hold one object of option names and values, like run.json");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals(RunRecord.RUN) || e.getValue().isNull()) {
                continue;
            }
            values.put(e.getKey(), text(file, e.getKey(), e.getValue()));
        }
        return new ConfigFile(file, values);
    }

    private static String text(Path file, String key, JsonNode v) {
        if (v.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode item : v) {
                if (!item.isValueNode()) {
                    throw new UsageException("config " + file + ": '" + key + "' must be a value or a list of values");
                }
                sb.append(sb.length() == 0 ? "" : ",").append(item.asText());
            }
            return sb.toString();
        }
        if (!v.isValueNode()) {
            throw new UsageException("config " + file + ": '" + key + "' must be a value or a list of values, not "
                    + v.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return v.asText();
    }
}
