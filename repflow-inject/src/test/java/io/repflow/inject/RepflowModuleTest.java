package io.repflow.inject;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import io.repflow.api.FlowConfig;
import io.repflow.api.FusionMode;
import io.repflow.api.HostTensor;
import io.repflow.models.arch.MotionNet;
import io.repflow.models.spec.ClipShape;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.spi.ModelCompiler;
import io.repflow.reference.DoubleTensor;
import io.repflow.reference.ReferenceFlow;
import io.repflow.reference.SeededInputs;
import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.BackendSelectionException;
import io.repflow.spi.Device;
import io.repflow.spi.FlowLayer;
import org.junit.jupiter.api.Test;

/** RepflowModule against the installed float64 reference backend: selection, one backend per injector, ownership. */
class RepflowModuleTest {

    @Test
    void settingsSelectTheBackendWhoseFlowIsInjected() {
        Injector injector = Guice.createInjector(new RepflowModule(RepflowSettings.of("reference", Device.CPU, 1)));
        try (OpenedBackend opened = injector.getInstance(OpenedBackend.class)) {
            assertTrue(opened.backend().isEmpty(), "nothing opens before a backend is asked for");
            Backend backend = injector.getInstance(Backend.class);
            assertEquals("reference", backend.id());
            assertEquals(Device.CPU, backend.device());
            assertSame(backend, injector.getInstance(Backend.class), "one backend per injector");
            assertSame(backend, opened.backend().orElseThrow());

            FlowConfig config = FlowConfig.builder().channels(2).iterations(6).build();
            HostTensor[] f = SeededInputs.framePairs(3, 1, 2, 9, 11);
            HostTensor u;
            try (FlowLayer layer = backend.flowLayer(config)) {
                u = layer.forward(f[0], f[1]);
            }
            DoubleTensor expected = new ReferenceFlow(config).forward(DoubleTensor.of(f[0]), DoubleTensor.of(f[1]));
            assertArrayEquals(expected.toHost().toArray(), u.toArray(), 1e-6f);
            assertTrue(u.maxAbs() > 1e-3, "the pair moved: flow is not zero");
        }
    }

    @Test
    void theInjectedCompilerBuildsModelsOnTheInjectedBackend() {
        Injector injector =
                Guice.createInjector(new RepflowModule(new RepflowSettings("reference", BackendConfig.DEFAULT)));
        ModelSpec spec = MotionNet.spec(new ClipShape(3, 4, 16, 16), 3, 4, FlowConfig.of(4), FusionMode.ADD);
        OpenedBackend opened = injector.getInstance(OpenedBackend.class);
        ModelCompiler compiler = injector.getInstance(ModelCompiler.class);
        CompiledModel model = compiler.compile(spec, 5);
        assertEquals("reference", opened.backend().orElseThrow().id());
        assertEquals(
                spec.initialParameters(5),
                model.parameters(),
                "the compiled model starts from the spec's seeded parameters");
        opened.close();
        assertTrue(opened.backend().isEmpty());
        IllegalStateException closed = assertThrows(
                IllegalStateException.class,
                () -> injector.getInstance(Backend.class).flowLayer(FlowConfig.of(1)));
        assertTrue(closed.getMessage().contains("backend 'reference' is closed"), closed.getMessage());
    }

    @Test
    void settingsBoundByTheApplication() {
        Injector injector = Guice.createInjector(new RepflowModule(), new AbstractModule() {
            @Override
            protected void configure() {
                bind(RepflowSettings.class)
                        .toInstance(new RepflowSettings("reference", BackendConfig.DEFAULT.withSeed(9)));
            }
        });
        try (OpenedBackend opened = injector.getInstance(OpenedBackend.class)) {
            assertEquals("reference", injector.getInstance(Backend.class).id());
        }
    }

    @Test
    void anUnknownBackendIsOneClearError() {
        Injector injector = Guice.createInjector(new RepflowModule(RepflowSettings.of("nope", Device.CPU, 0)));
        ProvisionException e = assertThrows(ProvisionException.class, () -> injector.getInstance(Backend.class));
        BackendSelectionException cause = assertInstanceOf(BackendSelectionException.class, e.getCause());
        assertTrue(cause.getMessage().contains("unknown backend 'nope'"), cause.getMessage());
        assertTrue(cause.getMessage().contains("reference"), cause.getMessage());
        assertTrue(injector.getInstance(OpenedBackend.class).backend().isEmpty());
    }

    @Test
    void blankIdsAndMissingConfigsAreRefused() {
        IllegalArgumentException blank =
                assertThrows(IllegalArgumentException.class, () -> new RepflowSettings(" ", BackendConfig.DEFAULT));
        assertTrue(blank.getMessage().contains("backend id is blank"), blank.getMessage());
        IllegalArgumentException missing =
                assertThrows(IllegalArgumentException.class, () -> new RepflowSettings("djl", null));
        assertTrue(missing.getMessage().contains("backend config is missing"), missing.getMessage());
    }
}
