/**
 * Guice wiring of repflow: {@link io.repflow.inject.RepflowModule} binds the backend registry, the
 * selected backend and its model compiler from one {@link io.repflow.inject.RepflowSettings}. A module
 * of its own so that users of the API and the models never get Guice on their path.
 */
module io.repflow.inject {
    requires transitive io.repflow.api;
    requires transitive io.repflow.models;
    // RepflowModule extends Guice's AbstractModule: users of it read Guice too
    requires transitive com.google.guice;

    exports io.repflow.inject;

    // Guice calls the module's @Provides methods reflectively
    opens io.repflow.inject to
            com.google.guice;
}
