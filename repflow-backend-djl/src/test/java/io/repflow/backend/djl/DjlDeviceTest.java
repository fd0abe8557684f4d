package io.repflow.backend.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.Backends;
import io.repflow.spi.Capability;
import io.repflow.spi.Device;
import io.repflow.spi.DeviceUnavailableException;
import io.repflow.spi.RepflowException;
import io.repflow.spi.UnsupportedCapabilityException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Devices as PyTorch sees them, on whatever natives the build has (CPU by default, CUDA under -Pgpu) and
 * whatever this machine has: GPU is declared exactly when libtorch sees a device, the first absent index
 * is refused with the devices that are there, and on a GPU the backend's arrays live on that GPU.
 */
class DjlDeviceTest {

    private final DjlBackendProvider provider = new DjlBackendProvider();

    @Test
    void gpuIsDeclaredExactlyWhenLibtorchSeesOne() {
        try (Backend cpu = Backends.open(provider, BackendConfig.DEFAULT)) {
            int gpus = Engine.getEngine("PyTorch").getGpuCount();
            assertEquals(gpus > 0, cpu.capabilities().contains(Capability.GPU), cpu.engineVersion() + ", gpus " + gpus);
            assertEquals(
                    DjlNatives.onClassPath().cuda(), provider.capabilities().contains(Capability.GPU));
        }
    }

    @Test
    void theFirstAbsentGpuIsRefusedWithWhatIsAvailable() {
        int gpus;
        try (Backend cpu = Backends.open(provider, BackendConfig.DEFAULT)) {
            gpus = Engine.getEngine("PyTorch").getGpuCount();
        }
        Device absent = Device.gpu(gpus);
        RepflowException e = assertThrows(
                RepflowException.class,
                () -> Backends.open(provider, BackendConfig.DEFAULT.withDevice(absent))
                        .close());
        String m = e.getMessage();
        assertTrue(m.contains("'djl'") && m.contains(absent.toString()) && m.contains("available: cpu"), m);
        if (DjlNatives.onClassPath().cuda()) {
            DeviceUnavailableException d = (DeviceUnavailableException) e;
            assertEquals(DeviceUnavailableException.devices(true, gpus), d.available());
        } else {
            UnsupportedCapabilityException u = (UnsupportedCapabilityException) e;
            assertEquals(Capability.GPU, u.capability());
            assertTrue(m.contains("repflow-natives-djl-gpu") && m.contains("-Pgpu"), m);
        }
    }

    @Test
    void onAGpuTheArraysLiveThere() {
        Assumptions.assumeTrue(
                DjlNatives.onClassPath().cuda(),
                () -> "the class path has " + DjlNatives.onClassPath() + ", no CUDA libtorch");
        try (Backend cpu = Backends.open(provider, BackendConfig.DEFAULT)) {
            Assumptions.assumeTrue(
                    cpu.capabilities().contains(Capability.GPU), "libtorch (CUDA) sees no GPU on this machine");
        }
        // the engine's own backend (Backends.open would wrap it in the API's validation)
        try (DjlBackend djl = (DjlBackend) provider.create(BackendConfig.DEFAULT.withDevice(Device.gpu(0)))) {
            assertEquals(Device.gpu(0), djl.device());
            try (NDManager m = djl.newModuleManager()) {
                assertEquals(ai.djl.Device.gpu(0), m.getDevice());
                assertEquals(
                        ai.djl.Device.gpu(0),
                        m.ones(new ai.djl.ndarray.types.Shape(2)).getDevice());
            }
        }
    }
}
