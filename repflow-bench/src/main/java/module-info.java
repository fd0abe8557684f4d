/**
 * repflow's benchmarks: JMH suites for the flow layer, per-video inference of the paper's networks
 * against the two-stream TV-L1 pipeline, and training-step memory, run per backend in forked JVMs;
 * a PyTorch eager baseline; a markdown + PNG report. Entry point: {@link io.repflow.bench.BenchRunner}.
 *
 * <p>The JMH JVMs run on the class path (JMH forks with {@code -cp} only); this descriptor serves
 * callers on the module path, such as the {@code repflow} command.
 */
module io.repflow.bench {
    requires transitive io.repflow.models;
    requires io.repflow.api;
    requires io.repflow.reference;
    requires jmh.core;
    requires com.fasterxml.jackson.databind;
    requires org.jfree.jfreechart;
    requires java.desktop;
    requires org.bytedeco.javacpp;
    requires org.bytedeco.opencv;
    requires org.slf4j;

    exports io.repflow.bench;

    uses io.repflow.spi.BackendProvider;
}
