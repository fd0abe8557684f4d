package io.repflow.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendsTest {

    private final Backends two = Backends.of(List.of(
            FakeBackend.provider("low", 1, FakeBackend.all()),
            FakeBackend.provider("high", 10, EnumSet.of(Capability.INFERENCE))));

    @Test
    void precedenceIsExplicitThenPropertyThenEnvironmentThenPriority() {
        assertEquals("low", two.select("low", k -> "high", k -> "high").id());
        assertEquals(
                "low",
                two.select(null, k -> Backends.PROPERTY.equals(k) ? "low" : null, k -> "high")
                        .id());
        assertEquals(
                "low",
                two.select(null, k -> null, k -> Backends.ENVIRONMENT.equals(k) ? "low" : null)
                        .id());
        assertEquals("high", two.select(null, k -> null, k -> null).id());
        assertEquals("high", two.select("  ", k -> "", k -> null).id(), "blank values do not count");
        assertEquals(
                List.of("high", "low"),
                two.providers().stream().map(BackendProvider::id).toList());
    }

    @Test
    void openWithoutAnIdOpensTheRulesChoice() {
        assumeTrue(
                System.getProperty(Backends.PROPERTY) == null && System.getenv(Backends.ENVIRONMENT) == null,
                "a backend is named by -D" + Backends.PROPERTY + " or $" + Backends.ENVIRONMENT);
        try (Backend b = two.open(BackendConfig.DEFAULT)) {
            assertEquals("high", b.id());
        }
    }

    @Test
    void unknownBackendListsTheInstalledOnes() {
        String m = assertThrows(BackendSelectionException.class, () -> two.select(null, k -> "gpu-magic", k -> null))
                .getMessage();
        assertTrue(m.contains("unknown backend 'gpu-magic' (from system property repflow.backend)"), m);
        assertTrue(m.contains("high (priority 10") && m.contains("low (priority 1"), m);
    }

    @Test
    void duplicateIdsAreAnError() {
        String m = assertThrows(
                        BackendSelectionException.class,
                        () -> Backends.of(List.of(
                                FakeBackend.provider("djl", 1, FakeBackend.all()),
                                FakeBackend.provider("djl", 2, FakeBackend.all()))))
                .getMessage();
        assertTrue(m.contains("two backend providers share an id: 'djl'"), m);
    }

    @Test
    void noProviderSaysWhatToAdd() {
        String m = assertThrows(
                        BackendSelectionException.class,
                        () -> Backends.of(List.of()).select(null, k -> null, k -> null))
                .getMessage();
        assertTrue(m.contains("no repflow backend is installed") && m.contains("repflow-backend-djl"), m);
    }

    @Test
    void serviceLoaderWithoutBackendsOnThisClassPathFindsNone() {
        assertEquals(List.of(), Backends.load().providers());
    }

    @Test
    void devicesParseOrExplain() {
        assertEquals(Device.CPU, Device.parse("cpu"));
        assertEquals(Device.gpu(0), Device.parse("GPU"));
        assertEquals(Device.gpu(3), Device.parse("gpu:3"));
        assertEquals("gpu:3", Device.gpu(3).toString());
        String m = assertThrows(IllegalArgumentException.class, () -> Device.parse("cuda:x"))
                .getMessage();
        assertTrue(m.contains("'cuda:x'") && m.contains("gpu:N"), m);
    }

    @Test
    void anUnavailableDeviceIsNamedWithWhatIsAvailable() {
        assertEquals(List.of(Device.CPU, Device.gpu(0), Device.gpu(1)), DeviceUnavailableException.devices(true, 2));
        assertEquals(List.of(), DeviceUnavailableException.devices(false, 0));
        DeviceUnavailableException e = new DeviceUnavailableException(
                "x", Device.gpu(3), DeviceUnavailableException.devices(true, 2), "the engine sees 2 GPUs");
        assertEquals(
                "backend 'x' cannot open device gpu:3: the engine sees 2 GPUs; available: cpu, gpu:0, gpu:1",
                e.getMessage());
        assertEquals(Device.gpu(3), e.device());
        String none = new DeviceUnavailableException("y", Device.CPU, List.of(), "GPUs only").getMessage();
        assertTrue(none.endsWith("available: none"), none);
        String noGpu = UnsupportedCapabilityException.noGpu("z", Device.gpu(1), "CPU natives")
                .getMessage();
        assertEquals("backend 'z' does not support GPU (needed for opening gpu:1: CPU natives; available: cpu)", noGpu);
    }
}
