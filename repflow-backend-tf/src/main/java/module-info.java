/** The TensorFlow Java engine behind repflow's SPI. Exports nothing: the provider is the entry. */
module io.repflow.backend.tf {
    requires io.repflow.api;
    requires io.repflow.models;
    requires tensorflow;
    requires org.tensorflow.ndarray;
    requires org.slf4j;

    provides io.repflow.spi.BackendProvider with io.repflow.backend.tf.TfBackendProvider;
}
