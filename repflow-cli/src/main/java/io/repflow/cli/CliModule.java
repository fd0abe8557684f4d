package io.repflow.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.BackendProvider;
import io.repflow.spi.Backends;

/**
 * Guice wiring of the command: the ServiceLoader registry (the source of truth), the provider the
 * selection rule picks for the options, and the opened backend (one per injector; the command
 * closes it).
 */
final class CliModule extends AbstractModule {

    private final BackendOptions options;

    CliModule(BackendOptions options) {
        this.options = options;
    }

    @Provides
    @Singleton
    Backends backends() {
        return Backends.load();
    }

    @Provides
    @Singleton
    BackendConfig config() {
        return options.config();
    }

    @Provides
    @Singleton
    BackendProvider provider(Backends backends) {
        return backends.select(options.backend);
    }

    @Provides
    @Singleton
    Backend backend(BackendProvider provider, BackendConfig config) {
        return Backends.open(provider, config);
    }
}
