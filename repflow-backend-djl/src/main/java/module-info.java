/**
 * repflow's DJL + PyTorch backend. The provider is the SPI entry; {@code io.repflow.backend.djl.nn}
 * holds the DJL blocks (flow layer, fusion, rep-flow block, Flow-Conv-Flow) for DJL users' own models.
 * The blocks extend DJL's {@code AbstractBlock} and take repflow's configs, so both modules are read
 * transitively; the libtorch workarounds ({@code io.repflow.backend.djl.internal}) are not exported.
 * The libtorch natives jar (pytorch-native-cpu) has no legal module name and stays on the class path.
 */
module io.repflow.backend.djl {
    requires transitive io.repflow.api;
    requires transitive ai.djl.api;
    requires io.repflow.models;
    requires ai.djl.pytorch_engine;
    requires org.slf4j;

    exports io.repflow.backend.djl.nn;

    provides io.repflow.spi.BackendProvider with
            io.repflow.backend.djl.DjlBackendProvider;
}
