/** repflow's backend-neutral API: configs, host tensors, the backend SPI and its selection. */
module io.repflow.api {
    requires org.slf4j;

    exports io.repflow.api;
    exports io.repflow.spi;

    uses io.repflow.spi.BackendProvider;
}
