package io.repflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.HostConfig;
import io.repflow.spi.Device;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.IndefiniteWaitOneShotStartupCheckStrategy;

/** What 'repflow tck --container' asks of Docker, checked without Docker. */
class ContainerTckTest {

    @Test
    void theKitsCommandCarriesDeviceBackendQuickAndJobs() {
        ContainerTck.Request r = ContainerTck.Request.of("repflow:gpu", "tf", true, null, Device.gpu(0), "all");
        assertEquals(List.of("repflow", "tck", "--device", "gpu:0", "--backend", "tf", "--quick"), r.command());
        assertEquals(
                List.of("repflow", "tck", "--device", "cpu"),
                ContainerTck.Request.of("img", null, false, null, Device.CPU, null)
                        .command());
        assertEquals(
                List.of("repflow", "tck", "--device", "cpu", "--jobs", "1"),
                ContainerTck.Request.of("img", null, false, null, Device.CPU, null)
                        .withJobs(1)
                        .command());
        assertEquals(
                List.of("repflow", "tck", "--device", "cpu", "--contract", "FlowForwardContract,ModelTrainingContract"),
                ContainerTck.Request.of(
                                "img",
                                null,
                                false,
                                List.of("FlowForwardContract", "ModelTrainingContract"),
                                Device.CPU,
                                null)
                        .command());
    }

    @Test
    void gpusAreRequestedAsDockerRunGpusDoes() {
        List<DeviceRequest> all = ContainerTck.Request.of("img", null, false, null, Device.gpu(0), "all")
                .deviceRequests();
        assertEquals(1, all.size());
        assertEquals(-1, all.get(0).getCount());
        assertEquals(List.of(List.of("gpu")), all.get(0).getCapabilities());
        HostConfig two = ContainerTck.Request.of("img", null, false, null, Device.gpu(1), "2")
                .withGpus(new HostConfig());
        assertEquals(2, two.getDeviceRequests().get(0).getCount());
        HostConfig none = ContainerTck.Request.of("img", null, false, null, Device.CPU, null)
                .withGpus(new HostConfig());
        assertNull(none.getDeviceRequests());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ContainerTck.Request.of("img", null, false, null, Device.CPU, "many"));
        assertTrue(e.getMessage().contains("'many'") && e.getMessage().contains("all or a count"), e.getMessage());
    }

    @Test
    void theContainerWaitsForTheKitWithoutATimeoutAndRunsItsCommand() {
        try (GenericContainer<?> c = ContainerTck.Request.of("img", "djl", true, null, Device.CPU, null)
                .container(new PrintWriter(new StringWriter()))) {
            assertEquals(
                    List.of("repflow", "tck", "--device", "cpu", "--backend", "djl", "--quick"),
                    List.of(c.getCommandParts()));
        }
        // started = exited (any status, passed through); the wait has no deadline
        assertTrue(new ContainerTck.UntilExit() instanceof IndefiniteWaitOneShotStartupCheckStrategy);
    }
}
