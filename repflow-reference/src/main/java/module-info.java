/**
 * The float64 reference of repflow: the flow layer with its hand-written reverse pass, fusion, the
 * blocks and whole model specs on one reverse-mode tape, installed as the backend {@code reference}.
 */
module io.repflow.reference {
    requires transitive io.repflow.api;
    requires transitive io.repflow.models;

    exports io.repflow.reference;

    provides io.repflow.spi.BackendProvider with
            io.repflow.reference.ReferenceBackendProvider;
}
