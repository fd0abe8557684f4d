package io.repflow.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.repflow.inject.RepflowModule;
import io.repflow.inject.RepflowSettings;

/**
 * Guice wiring of one invocation of the command: repflow's {@link RepflowModule} (registry, selected
 * backend, model compiler) with its settings read from the invocation's {@link BackendOptions}.
 * picocli creates the options through the injector (one instance per injector) and fills them when
 * it parses; the backend is opened when the running command first asks for it, so after parsing.
 */
final class CliModule extends AbstractModule {

    @Override
    protected void configure() {
        install(new RepflowModule());
        bind(BackendOptions.class).in(Singleton.class);
    }

    @Provides
    RepflowSettings settings(BackendOptions options) {
        return new RepflowSettings(options.backend(), options.config());
    }
}
