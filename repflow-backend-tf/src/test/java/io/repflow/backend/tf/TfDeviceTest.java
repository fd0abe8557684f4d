package io.repflow.backend.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.Backends;
import io.repflow.spi.Capability;
import io.repflow.spi.Device;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Devices as TensorFlow reports them, on the build's natives (CPU by default, CUDA under -Pgpu; the CUDA ones
 * load on a machine without a GPU too): GPU is declared exactly when the loaded TensorFlow has CUDA kernels,
 * and a CPU session has no GPU device, so with CUDA natives {@code cpu} still computes on the CPU.
 */
class TfDeviceTest {

    @Test
    void gpuIsDeclaredExactlyWhenTheLoadedTensorFlowHasCudaKernels() {
        TfBackendProvider provider = new TfBackendProvider();
        try (Backend cpu = Backends.open(provider, BackendConfig.DEFAULT)) {
            boolean cuda = TfDevices.cudaKernels();
            assertEquals(cuda, cpu.capabilities().contains(Capability.GPU), cpu.engineVersion());
            // the provider's cheap answer (which natives jar is there) agrees with the engine's
            assertEquals(cuda, provider.capabilities().contains(Capability.GPU), provider.description());
            assertEquals(
                    Boolean.parseBoolean(System.getProperty("repflow.test.gpu.natives", "false")),
                    cuda,
                    "the natives of this build (" + provider.description() + ")");
        }
    }

    @Test
    void aCpuSessionHasNoGpuDevice() {
        try (Backend cpu = Backends.open(new TfBackendProvider(), BackendConfig.DEFAULT)) {
            List<String> types = TfDevices.sessionDeviceTypes(
                    TfDevices.sessionConfig(Device.CPU).build());
            assertTrue(types.contains("CPU"), types.toString());
            assertFalse(types.contains("GPU"), types.toString());
            assertEquals(Device.CPU, cpu.device());
        }
    }
}
