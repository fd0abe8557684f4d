package io.repflow.bench;

/**
 * Memory of a training step ({@code CompiledModel.trainStep}: forward, loss, gradients, SGD update) in
 * the benchmark's own JVM.
 *
 * @param backend             backend id
 * @param memoryCase          model, video and batch
 * @param stepMs              milliseconds per step (JMH average)
 * @param allocatedBytesPerStep Java heap bytes allocated per step by all threads (JMH's gc profiler,
 *                            ThreadMXBean allocated bytes; native engine memory is not in it)
 * @param peakRssMb           peak resident set of the JVM (VmHWM), MiB: Java heap, engine natives and all
 */
public record MemoryFigure(
        String backend, MemoryCase memoryCase, double stepMs, double allocatedBytesPerStep, double peakRssMb) {}
