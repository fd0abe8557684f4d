package io.repflow.cli;

import com.google.inject.Injector;
import picocli.CommandLine;

/**
 * picocli's factory backed by the invocation's injector: repflow's commands, mixins, argument groups
 * and converters come from Guice (so their {@code @Inject} members are set, and a missing binding is an
 * error, not a null); what picocli makes for itself (collections, its own types) comes from picocli's
 * factory.
 */
final class GuiceFactory implements CommandLine.IFactory {

    private final Injector injector;

    GuiceFactory(Injector injector) {
        this.injector = injector;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        if (cls.getName().startsWith("io.repflow.") && !cls.isInterface()) {
            return injector.getInstance(cls);
        }
        return CommandLine.defaultFactory().create(cls);
    }
}
