/**
 * repflow's conformance kit: the abstract JUnit 5 contracts that every backend subclasses, each
 * checking the backend against the float64 reference of {@code io.repflow.reference}.
 */
module io.repflow.tck {
    requires transitive io.repflow.api;
    requires transitive io.repflow.models;
    requires transitive io.repflow.reference;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;
    requires org.slf4j;

    exports io.repflow.tck;

    // JUnit instantiates the contract subclasses reflectively
    opens io.repflow.tck to
            org.junit.platform.commons;

    uses io.repflow.spi.BackendProvider;
}
