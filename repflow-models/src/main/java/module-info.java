/**
 * repflow's backend-neutral models: architectures as data ({@code io.repflow.models.spec}), the
 * model-compiler SPI the backends implement ({@code io.repflow.models.spi}), builders, the training
 * loop, metrics and portable checkpoints.
 */
module io.repflow.models {
    requires transitive io.repflow.api;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;

    exports io.repflow.models.arch;
    exports io.repflow.models.checkpoint;
    exports io.repflow.models.spec;
    exports io.repflow.models.spi;
    exports io.repflow.models.train;
    exports io.repflow.models.eval;
}
