/** The repflow command line: train, eval, predict, flow, backends, tck. */
module io.repflow.cli {
    requires io.repflow.api;
    requires io.repflow.models;
    requires io.repflow.data;
    requires io.repflow.tck;
    requires io.repflow.bench;
    requires info.picocli;
    requires com.google.guice;
    requires me.tongfei.progressbar;
    requires org.slf4j;
    requires java.desktop;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires com.google.protobuf;
    requires org.jfree.jfreechart;
    requires org.junit.platform.launcher;
    requires org.bytedeco.opencv;
    requires testcontainers;

    // repflow-spark builds its commands on the options, checkpoints and test views of this package
    exports io.repflow.cli;

    // picocli and Guice build the commands and modules reflectively; JUnit instantiates the TCK bindings
    opens io.repflow.cli to
            info.picocli,
            com.google.guice,
            org.junit.platform.commons;

    uses io.repflow.spi.BackendProvider;
}
