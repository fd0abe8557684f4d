package io.repflow.backend.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.spi.BackendConfig;
import io.repflow.spi.Backends;
import io.repflow.spi.Capability;
import io.repflow.spi.Device;
import io.repflow.spi.UnsupportedCapabilityException;
import org.junit.jupiter.api.Test;

/** With the CPU natives (the default build) GPU is not declared and gpu:N fails clearly, never falling back to CPU. */
class DjlDeviceTest {

    @Test
    void gpuIsRefusedWithTheReason() {
        DjlBackendProvider provider = new DjlBackendProvider();
        assertFalse(provider.capabilities().contains(Capability.GPU));
        UnsupportedCapabilityException e = assertThrows(
                UnsupportedCapabilityException.class,
                () -> Backends.open(provider, BackendConfig.DEFAULT.withDevice(Device.gpu(1)))
                        .close());
        assertEquals("djl", e.backendId());
        assertEquals(Capability.GPU, e.capability());
        assertTrue(
                e.getMessage().contains("gpu:1")
                        && e.getMessage().contains("-Pgpu")
                        && e.getMessage().contains("cpu"),
                e.getMessage());
    }
}
