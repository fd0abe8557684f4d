package io.repflow.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.repflow.models.spi.ModelCompiler;
import io.repflow.models.spi.ModelCompilers;
import io.repflow.spi.Backend;
import io.repflow.spi.BackendProvider;
import io.repflow.spi.Backends;

/**
 * repflow for a Guice application: install it to get injected
 *
 * <ul>
 *   <li>{@link Backends}: the ServiceLoader registry ({@link Backends#load()}), one per injector;
 *   <li>{@link BackendProvider}: the provider {@link RepflowSettings#backendId()} selects;
 *   <li>{@link Backend}: that provider opened with {@link RepflowSettings#config()}, once per injector,
 *       on first use (behind the API's input validation);
 *   <li>{@link ModelCompiler}: that backend's compiler ({@link ModelCompilers#of(Backend)});
 *   <li>{@link OpenedBackend}: the handle through which the injector's owner closes the backend.
 * </ul>
 *
 * <p>The settings are bound by the constructor that takes them, or, with the no-argument constructor,
 * by the application (e.g. from its own configuration, read when the backend is first asked for).
 * Tests and plugin hosts replace any of these bindings with {@code Modules.override}.
 *
 * <p>Ownership: the backend holds native memory. The injector's creator closes it with {@link
 * OpenedBackend#close()} when it is done with the injector; nothing else in the graph closes it.
 */
public final class RepflowModule extends AbstractModule {

    private final RepflowSettings settings;

    /** Binds {@code settings}. */
    public RepflowModule(RepflowSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException(
                    "settings are missing (null); use RepflowSettings.selected() or bind them yourself with new RepflowModule()");
        }
        this.settings = settings;
    }

    /** Leaves {@link RepflowSettings} for the application to bind. */
    public RepflowModule() {
        this.settings = null;
    }

    @Override
    protected void configure() {
        if (settings != null) {
            bind(RepflowSettings.class).toInstance(settings);
        }
    }

    @Provides
    @Singleton
    Backends backends() {
        return Backends.load();
    }

    @Provides
    @Singleton
    BackendProvider provider(Backends backends, RepflowSettings settings) {
        return backends.select(settings.backendId());
    }

    @Provides
    @Singleton
    OpenedBackend opened() {
        return new OpenedBackend();
    }

    @Provides
    @Singleton
    Backend backend(BackendProvider provider, RepflowSettings settings, OpenedBackend opened) {
        return opened.hold(Backends.open(provider, settings.config()));
    }

    @Provides
    ModelCompiler compiler(Backend backend) {
        return ModelCompilers.of(backend);
    }
}
