/**
 * repflow's conformance kit: the float64 reference of the flow layer, fusion and blocks, and the
 * abstract JUnit 5 contracts that every backend subclasses.
 */
module io.repflow.tck {
    requires transitive io.repflow.api;
    requires transitive io.repflow.models;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;
    requires org.slf4j;

    exports io.repflow.tck;
    exports io.repflow.tck.reference;

    // JUnit instantiates the contract subclasses reflectively
    opens io.repflow.tck to
            org.junit.platform.commons;

    uses io.repflow.spi.BackendProvider;

    provides io.repflow.spi.BackendProvider with
            io.repflow.tck.reference.ReferenceBackendProvider;
}
