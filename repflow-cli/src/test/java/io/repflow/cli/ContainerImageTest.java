package io.repflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The repository's Dockerfile builds an image whose kit passes: the image is built from the checkout (the
 * project builds inside it) and runs {@code repflow tck --quick} on the DJL backend, and the kit's summary and
 * exit status are read back. Needs a Docker engine (and network for the build inside); skipped with the
 * reason where none runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerImageTest {

    @Test
    @Timeout(value = 90, unit = java.util.concurrent.TimeUnit.MINUTES)
    void theImageFromTheDockerfileBuildsAndItsKitPasses() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path dockerfile = root.resolve("Dockerfile");
        assertTrue(Files.isRegularFile(dockerfile), dockerfile + " is missing");
        // CPU base: the kit runs on the CPU here; the GPU base only adds the CUDA runtime
        ImageFromDockerfile image = new ImageFromDockerfile("repflow-tck-test", true)
                .withDockerfile(dockerfile)
                .withBuildArg("BASE", "ubuntu:22.04");
        ContainerTck.Request request =
                ContainerTck.Request.of("repflow-tck-test", "djl", true, null, io.repflow.spi.Device.CPU, null);
        try (GenericContainer<?> c = new GenericContainer<>(image)
                .withCommand(request.command().toArray(String[]::new))
                .withStartupCheckStrategy(new ContainerTck.UntilExit())) {
            c.start();
            String log = c.getLogs();
            Long status = c.getDockerClient()
                    .inspectContainerCmd(c.getContainerId())
                    .exec()
                    .getState()
                    .getExitCodeLong();
            assertEquals(0L, status, log);
            assertTrue(log.contains("FlowForwardContract") && log.contains("all required checks passed"), log);
        }
    }
}
