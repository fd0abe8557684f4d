/**
 * The TensorFlow Java engine behind repflow's SPI ({@code TfBackendProvider}), and {@code RepFlowGraphs},
 * the flow layer, rep-flow block and fusion for TensorFlow users' own graphs. Everything else is package-private.
 */
module io.repflow.backend.tf {
    requires io.repflow.api;
    requires io.repflow.models;
    requires transitive tensorflow;
    requires org.tensorflow.ndarray;
    requires org.slf4j;

    // RepFlowGraphs: the flow layer, rep-flow block and fusion for TensorFlow users' own graphs
    exports io.repflow.backend.tf;

    provides io.repflow.spi.BackendProvider with
            io.repflow.backend.tf.TfBackendProvider;
}
