/** The repflow command line: train, eval, predict, flow, backends, tck. */
module io.repflow.cli {
    requires io.repflow.api;
    requires io.repflow.models;
    requires io.repflow.data;
    // the conformance kit is there only for the tck command, in a JVM of its own (see TckProcess)
    requires static io.repflow.tck;
    requires static org.junit.platform.launcher;
    requires static testcontainers;
    requires static com.github.dockerjava.api;
    requires io.repflow.bench;
    requires info.picocli;
    requires io.repflow.inject;
    requires com.google.guice;
    requires me.tongfei.progressbar;
    requires org.slf4j;
    requires java.desktop;
    requires java.management;
    // sun.misc.Signal: train and the kit handle SIGTERM/SIGINT themselves (StopSignals)
    requires jdk.unsupported;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires com.google.protobuf;
    requires org.jfree.jfreechart;
    requires org.bytedeco.opencv;

    // repflow-spark builds its commands on the options, checkpoints and test views of this package
    exports io.repflow.cli;

    // picocli and Guice build the commands and modules reflectively; JUnit instantiates the TCK bindings
    opens io.repflow.cli to
            info.picocli,
            com.google.guice,
            org.junit.platform.commons;

    uses io.repflow.spi.BackendProvider;
}
