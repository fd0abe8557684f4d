package io.repflow.backend.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.pytorch.jni.LibUtils;
import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.Backends;
import java.io.File;
import java.net.JarURLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * libtorch comes from the Maven artifact of the build's natives (pytorch-native-cpu, or the CUDA one
 * under -Pgpu; linux-x86_64) and nothing is downloaded: the run is offline, the natives jar is the one
 * on the class path, and every library PyTorch loaded is a byte-for-byte-sized copy of an entry of
 * that jar. The POM passes the flavour and version it put there.
 */
class DjlNativesFromMavenTest {

    private static final String FLAVOR = System.getProperty("repflow.test.pytorch.flavor", "cpu");
    private static final String VERSION = System.getProperty("repflow.test.pytorch.version", "2.7.1");

    @Test
    void librariesAreTheMavenArtifactsExtracted() throws Exception {
        assertEquals(
                "true",
                System.getProperty("ai.djl.offline"),
                "tests must run with -Dai.djl.offline=true (no download possible)");
        DjlNatives natives = DjlNatives.onClassPath();
        assertTrue(natives.present(), "no natives jar on the class path");
        assertEquals(FLAVOR, natives.flavor());
        assertEquals("linux-x86_64", natives.classifier());
        assertEquals(VERSION, natives.version());
        JarURLConnection connection = (JarURLConnection) natives.location().openConnection();
        String jarPath = connection.getJarFileURL().getPath();
        assertTrue(
                jarPath.endsWith("/ai/djl/pytorch/pytorch-native-" + FLAVOR + "/" + VERSION + "/pytorch-native-"
                        + FLAVOR + "-" + VERSION + "-linux-x86_64.jar"),
                jarPath);

        try (Backend backend = Backends.open(new DjlBackendProvider(), BackendConfig.DEFAULT)) {
            assertTrue(backend.engineVersion().startsWith("PyTorch " + VERSION), backend.engineVersion());
            Path dir = Paths.get(LibUtils.getLibtorchPath());
            int checked = 0;
            try (JarFile jar = new JarFile(new File(connection.getJarFileURL().toURI()))) {
                for (JarEntry entry : java.util.Collections.list(jar.entries())) {
                    if (entry.isDirectory() || !entry.getName().startsWith("pytorch/" + FLAVOR + "/linux-x86_64/")) {
                        continue;
                    }
                    Path extracted = dir.resolve(
                            entry.getName().substring(entry.getName().lastIndexOf('/') + 1));
                    assertTrue(Files.isRegularFile(extracted), "PyTorch runs without " + extracted);
                    assertEquals(
                            entry.getSize(),
                            Files.size(extracted),
                            extracted + " differs from the jar entry " + entry.getName());
                    checked++;
                }
            }
            if (FLAVOR.equals("cpu")) {
                assertEquals(4, checked, "libtorch, libtorch_cpu, libc10, libgomp from the natives jar");
            } else {
                assertTrue(checked > 4, "a CUDA libtorch brings its CUDA libraries too: " + checked);
            }
        }
    }
}
