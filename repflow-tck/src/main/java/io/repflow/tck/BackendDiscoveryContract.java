package io.repflow.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.FlowConfig;
import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.reference.DoubleTensor;
import io.repflow.reference.ReferenceFlow;
import io.repflow.reference.SeededInputs;
import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.BackendProvider;
import io.repflow.spi.BackendSelectionException;
import io.repflow.spi.Backends;
import io.repflow.spi.Capability;
import io.repflow.spi.Device;
import io.repflow.spi.DeviceUnavailableException;
import io.repflow.spi.FlowLayer;
import io.repflow.spi.RepflowException;
import io.repflow.spi.UnsupportedCapabilityException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Required: the backend is found by ServiceLoader under its id, registered both ways (module
 * {@code provides} and {@code META-INF/services}), describes itself without opening, obeys the
 * selection rule, opens on the kit's device and reports it, declares GPU only as its provider allows,
 * refuses a device it cannot serve with an error naming backend, device and what is available, and
 * closes idempotently (design rules 6.1–6.5).
 */
public abstract class BackendDiscoveryContract extends BackendContract {

    private static final String SERVICE_FILE = "META-INF/services/" + BackendProvider.class.getName();

    protected BackendDiscoveryContract(String backendId) {
        super(backendId);
    }

    @Test
    public void serviceLoaderFindsTheProviderOnce() {
        List<BackendProvider> same = ServiceLoader.load(BackendProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.id().equals(backendId()))
                .toList();
        assertEquals(
                1, same.size(), "exactly one provider with id '" + backendId() + "' must be installed, found " + same);
    }

    @Test
    public void providerIsListedInMetaInfServices() throws IOException {
        String name = provider().getClass().getName();
        List<URL> files =
                Collections.list(provider().getClass().getClassLoader().getResources(SERVICE_FILE));
        boolean listed = files.stream().anyMatch(url -> lines(url).contains(name));
        assertTrue(
                listed, backendId() + ": " + name + " is not listed in any " + SERVICE_FILE + " (found " + files + ")");
    }

    @Test
    public void namedModuleProvidesTheService() {
        Module module = provider().getClass().getModule();
        if (!module.isNamed() || module.getDescriptor().isAutomatic()) {
            // class path or automatic module: META-INF/services (checked above) is what registers it
            return;
        }
        ModuleDescriptor d = module.getDescriptor();
        boolean provides = d.provides().stream()
                .anyMatch(p -> p.service().equals(BackendProvider.class.getName())
                        && p.providers().contains(provider().getClass().getName()));
        assertTrue(
                provides,
                backendId() + ": module " + d.name() + " does not declare 'provides " + BackendProvider.class.getName()
                        + " with " + provider().getClass().getName() + "'");
    }

    @Test
    public void providerDescribesItself() {
        BackendProvider p = provider();
        assertTrue(
                p.id().matches("[a-z][a-z0-9-]*"),
                "backend id '" + p.id() + "' must be lower-case letters, digits and dashes");
        assertFalse(p.description().isBlank(), backendId() + ": description is blank");
        assertTrue(
                p.capabilities().contains(Capability.INFERENCE),
                backendId() + ": every backend must declare INFERENCE");
    }

    @Test
    public void selectionRuleFindsIt() {
        Backends registry = Backends.load();
        BackendProvider p = provider();
        assertSame(
                p.getClass(),
                registry.select(backendId(), k -> "no-such-backend", k -> "no-such-backend")
                        .getClass(),
                "an explicit id beats the property and the environment");
        assertSame(
                p.getClass(),
                registry.select(null, k -> Backends.PROPERTY.equals(k) ? backendId() : null, k -> "no-such-backend")
                        .getClass(),
                "the system property beats the environment");
        assertSame(
                p.getClass(),
                registry.select(null, k -> null, k -> Backends.ENVIRONMENT.equals(k) ? backendId() : null)
                        .getClass(),
                "the environment variable is honoured");
        BackendSelectionException e =
                assertThrows(BackendSelectionException.class, () -> registry.select("no-such-backend"));
        assertTrue(
                e.getMessage().contains(backendId()),
                "the unknown-backend error must list the installed ones: " + e.getMessage());
    }

    @Test
    public void opensOnTheKitsDeviceAndReportsWhatItIs() {
        Backend b = backend();
        assertEquals(backendId(), b.id());
        assertEquals(device(), b.device(), backendId() + ": the opened backend reports the device it was opened on");
        Set<Capability> withoutGpu = EnumSet.noneOf(Capability.class);
        withoutGpu.addAll(provider().capabilities());
        withoutGpu.remove(Capability.GPU);
        Set<Capability> opened = EnumSet.noneOf(Capability.class);
        opened.addAll(b.capabilities());
        boolean gpu = opened.remove(Capability.GPU);
        assertEquals(
                withoutGpu,
                opened,
                backendId() + ": the opened backend declares what its provider declared (GPU aside)");
        assertTrue(
                !gpu || provider().capabilities().contains(Capability.GPU),
                backendId() + ": the opened backend declares GPU, its provider does not");
        assertTrue(
                device().kind() != Device.Kind.GPU || gpu,
                backendId() + ": opened on " + device() + " but does not declare GPU");
        assertFalse(b.engineVersion().isBlank(), backendId() + ": engine version is blank");
    }

    @Test
    public void refusesADeviceItCannotServe() {
        RepflowException e = assertThrows(
                RepflowException.class,
                () -> Backends.open(provider(), BackendConfig.DEFAULT.withDevice(Device.gpu(63)))
                        .close(),
                backendId() + ": opening gpu:63 must fail with a repflow error, not fall back");
        String m = e.getMessage();
        assertTrue(
                m.contains("'" + backendId() + "'") && m.contains("gpu:63") && m.contains("available: "),
                backendId() + ": the device error must name the backend, the device and what is available: " + m);
        if (e instanceof DeviceUnavailableException d) {
            assertEquals(backendId(), d.backendId());
            assertEquals(Device.gpu(63), d.device());
            assertFalse(d.available().contains(Device.gpu(63)), m);
        } else {
            assertTrue(
                    e instanceof UnsupportedCapabilityException u && u.capability() == Capability.GPU,
                    backendId() + ": gpu:63 must be refused as an unavailable device or as GPU not supported, not "
                            + e.getClass().getName() + ": " + m);
        }
    }

    @Test
    public void computesOnAGpuItDeclares() {
        Backend b = backend();
        Assumptions.assumeTrue(
                b.capabilities().contains(Capability.GPU),
                () -> "backend '" + backendId() + "' on " + device()
                        + " sees no GPU here (its natives or this machine have none), so gpu:0 is not checked");
        try (Backend gpu = open(BackendConfig.DEFAULT.withDevice(Device.gpu(0)))) {
            assertEquals(Device.gpu(0), gpu.device());
            FlowConfig config = FlowConfig.builder().channels(2).iterations(5).build();
            HostTensor[] frames = SeededInputs.framePairs(21L, 2, 2, 12, 15);
            try (FlowLayer layer = gpu.flowLayer(config)) {
                HostTensor u = layer.forward(Mode.EVAL, List.of(frames[0], frames[1]));
                DoubleTensor expected =
                        new ReferenceFlow(config).forward(DoubleTensor.of(frames[0]), DoubleTensor.of(frames[1]));
                FlowForwardContract.FORWARD.assertClose(
                        subject("computesOnAGpuItDeclares", frames[0].shape(), 21L, "gpu:0, 5 iterations"),
                        "u",
                        u,
                        expected);
            }
        }
    }

    @Test
    public void closeIsIdempotent() {
        Backend b = open(BackendConfig.DEFAULT.withDevice(device()));
        b.flowLayer(io.repflow.api.FlowConfig.of(1));
        b.close();
        b.close();
    }

    private static List<String> lines(URL url) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
            return r.lines()
                    .map(l -> l.replaceAll("#.*", "").strip())
                    .filter(l -> !l.isEmpty())
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
