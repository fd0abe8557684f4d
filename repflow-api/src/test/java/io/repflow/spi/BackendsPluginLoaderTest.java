package io.repflow.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin host's loader: a provider compiled into a directory of its own is found through a class
 * loader over that directory, and not through the application's.
 */
class BackendsPluginLoaderTest {

    @Test
    void aPluginLoaderSeesItsOwnProvidersAndTheApplicationsDoesNot(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("src/plugin/PluginProvider.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, """
                package plugin;

                import io.repflow.spi.*;
                import java.util.Set;

                public final class PluginProvider implements BackendProvider {
                    public String id() { return "plugin"; }
                    public int priority() { return 7; }
                    public Set<Capability> capabilities() { return Set.of(Capability.INFERENCE); }
                    public String description() { return "a provider only the plugin loader sees"; }
                    public Backend create(BackendConfig config) { throw new UnsupportedOperationException(); }
                }
                """);
        Path classes = dir.resolve("classes");
        String apiClasses = Path.of(BackendProvider.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        // javac as a tool process: this test runs inside io.repflow.api, which does not read java.compiler
        Process javac = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                        "-d",
                        classes.toString(),
                        "-cp",
                        apiClasses,
                        source.toString())
                .redirectErrorStream(true)
                .start();
        String log = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = javac.waitFor();
        assertEquals(0, status, "the plugin provider did not compile:\n" + log);
        Path services = classes.resolve("META-INF/services/" + BackendProvider.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, "plugin.PluginProvider\n", StandardCharsets.UTF_8);

        try (URLClassLoader plugins = new URLClassLoader(
                new URL[] {classes.toUri().toURL()}, BackendsPluginLoaderTest.class.getClassLoader())) {
            Backends found = Backends.load(plugins);
            assertEquals(
                    List.of("plugin"),
                    found.providers().stream().map(BackendProvider::id).toList());
            BackendProvider p = found.select("plugin", k -> null, k -> null);
            assertSame(plugins, p.getClass().getClassLoader());
            assertEquals(7, p.priority());
        }
        assertTrue(Backends.load().find("plugin").isEmpty(), "the application's loader must not see the plugin");
    }

    @Test
    void theBootLayerHoldsNoProviderInThisModulesTests() {
        // the layer overload reads only named modules: no module of this test JVM provides a backend
        assertEquals(List.of(), Backends.load(ModuleLayer.boot()).providers());
    }
}
