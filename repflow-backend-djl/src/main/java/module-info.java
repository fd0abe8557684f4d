/**
 * repflow's DJL + PyTorch backend. The provider is the SPI entry; {@code io.repflow.backend.djl.nn}
 * holds the DJL blocks (flow layer, fusion, rep-flow block, Flow-Conv-Flow) for DJL users' own models.
 * The libtorch natives jar (pytorch-native-cpu) has no legal module name and stays on the class path.
 */
module io.repflow.backend.djl {
    requires io.repflow.api;
    requires io.repflow.models;
    requires ai.djl.api;
    requires ai.djl.pytorch_engine;
    requires org.slf4j;

    exports io.repflow.backend.djl.nn;

    provides io.repflow.spi.BackendProvider with
            io.repflow.backend.djl.DjlBackendProvider;
}
