package io.repflow.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.BackendProvider;
import io.repflow.spi.BackendSelectionException;
import io.repflow.spi.Backends;
import io.repflow.spi.Capability;
import io.repflow.spi.Device;
import io.repflow.spi.RepflowException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Required: the backend is found by ServiceLoader under its id, registered both ways (module
 * {@code provides} and {@code META-INF/services}), describes itself without opening, obeys the
 * selection rule, opens on CPU, refuses a device it cannot serve with an error, and closes
 * idempotently (design rules 6.1–6.5).
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
    public void opensOnCpuAndReportsWhatItIs() {
        Backend b = backend();
        assertEquals(backendId(), b.id());
        assertEquals(Device.CPU, b.device());
        assertEquals(
                provider().capabilities(),
                b.capabilities(),
                backendId() + ": the opened backend declares what its provider declared");
        assertFalse(b.engineVersion().isBlank(), backendId() + ": engine version is blank");
    }

    @Test
    public void refusesADeviceItCannotServe() {
        RepflowException e = assertThrows(
                RepflowException.class,
                () -> Backends.open(provider(), BackendConfig.DEFAULT.withDevice(Device.gpu(63)))
                        .close(),
                backendId() + ": opening gpu:63 must fail with a repflow error, not fall back");
        assertTrue(e.getMessage().contains(backendId()), "the device error must name the backend: " + e.getMessage());
    }

    @Test
    public void closeIsIdempotent() {
        Backend b = Backends.open(provider(), BackendConfig.DEFAULT);
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
