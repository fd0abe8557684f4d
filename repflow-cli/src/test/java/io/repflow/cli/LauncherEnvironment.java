package io.repflow.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment {@code ./repflow} gives the command, read from the script itself ({@code export NAME="${NAME:-V}"}
 * lines), so processes the tests start run as a user's do.
 */
final class LauncherEnvironment {

    private static final Pattern EXPORT = Pattern.compile("(?m)^export ([A-Z_]+)=\"\\$\\{\\1:-([^}]*)}\"$");

    private LauncherEnvironment() {}

    static Map<String, String> read() throws IOException {
        Path script = Path.of("..", "repflow").toAbsolutePath().normalize();
        Matcher m = EXPORT.matcher(Files.readString(script, StandardCharsets.UTF_8));
        Map<String, String> env = new LinkedHashMap<>();
        while (m.find()) {
            env.put(m.group(1), m.group(2));
        }
        return env;
    }
}
