package io.repflow.backend.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import io.repflow.api.FlowConfig;
import io.repflow.api.HostTensor;
import io.repflow.backend.djl.launch.ModulePathProbe;
import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.Backends;
import io.repflow.spi.FlowLayer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The way a JPMS application runs the backend: repflow, DJL and their libraries on the module path,
 * the natives jar (whose Automatic-Module-Name is not a legal module name) on the class path. A child
 * JVM does it and must find the provider in the named module io.repflow.backend.djl and compute the
 * same flow as this (class path) JVM.
 */
class DjlModulePathLaunchTest {

    /** Jars that form the module path; everything else the backend needs stays on the class path. */
    private static final List<String> MODULES = List.of(
            "repflow-api",
            "repflow-models",
            "/ai/djl/api/",
            "pytorch-engine",
            "/com/google/code/gson/",
            "/net/java/dev/jna/",
            "/com/fasterxml/jackson/",
            "/org/slf4j/slf4j-api/",
            "/org/slf4j/slf4j-simple/");

    private static final List<String> CLASS_PATH = List.of(
            "pytorch-native-",
            "pytorch-jni",
            "test-classes",
            // commons-compress is a real module requiring commons-lang3, which DJL does not bring: class path
            "commons-compress",
            "/commons-codec/",
            "/commons-io/");

    @Test
    void runsWithTheBackendAsANamedModule() throws Exception {
        List<String> modulePath = new ArrayList<>();
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String e = entry.replace('\\', '/');
            if (e.endsWith("repflow-backend-djl/target/classes")
                    || MODULES.stream().anyMatch(e::contains)) {
                modulePath.add(entry);
            } else if (CLASS_PATH.stream().anyMatch(e::contains)) {
                classPath.add(entry);
            }
        }
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(
                java,
                "-Dai.djl.offline=true",
                "-DOPT_OUT_TRACKING=true",
                "--module-path",
                String.join(File.pathSeparator, modulePath),
                "--add-modules",
                "ALL-MODULE-PATH",
                "-cp",
                String.join(File.pathSeparator, classPath),
                ModulePathProbe.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the module-path JVM did not finish");
        assertEquals(0, p.exitValue(), "module-path run failed:\n" + String.join(" ", cmd) + "\n" + out);
        assertTrue(out.contains("provider-module io.repflow.backend.djl"), out);
        assertTrue(out.contains("api-module io.repflow.api"), out);
        // the versions print on the module path too (the manifest's are not readable from a named module)
        assertTrue(
                out.contains("engine PyTorch " + System.getProperty("repflow.test.pytorch.version", "2.7.1") + " (DJL "
                        + Engine.getDjlVersion() + ")"),
                out);
        assertTrue(Engine.getDjlVersion().matches("\\d+\\.\\d+\\.\\d+"), Engine.getDjlVersion());

        double expected;
        try (Backend backend = Backends.open(new DjlBackendProvider(), BackendConfig.DEFAULT);
                FlowLayer layer = backend.flowLayer(FlowConfig.of(2))) {
            HostTensor[] f = ModulePathProbe.inputs();
            HostTensor u = layer.forward(f[0], f[1]);
            expected = 0;
            for (int i = 0; i < u.size(); i++) {
                expected += Math.abs(u.flat(i));
            }
        }
        String line =
                out.lines().filter(l -> l.startsWith("checksum ")).findFirst().orElseThrow();
        assertEquals(expected, Double.parseDouble(line.substring(9)), 1e-9 * expected, out);
        assertTrue(expected > 1, "the probe's flow must not be trivial: " + expected);
    }
}
