/**
 * The TensorFlow Java engine behind repflow's SPI ({@code TfBackendProvider}), and {@code TfRepFlowGraphs},
 * the flow layer, rep-flow block and fusion for TensorFlow users' own graphs. Everything else is package-private.
 * {@code TfRepFlowGraphs} takes repflow's configs and returns TensorFlow operands, so both modules are read
 * transitively.
 */
module io.repflow.backend.tf {
    requires transitive io.repflow.api;
    requires transitive tensorflow;
    requires io.repflow.models;
    requires org.tensorflow.ndarray;
    requires org.slf4j;

    // TfRepFlowGraphs: the flow layer, rep-flow block and fusion for TensorFlow users' own graphs
    exports io.repflow.backend.tf;

    provides io.repflow.spi.BackendProvider with
            io.repflow.backend.tf.TfBackendProvider;
}
