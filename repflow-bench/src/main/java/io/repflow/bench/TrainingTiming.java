package io.repflow.bench;

/**
 * Time of one {@code CompiledModel.trainStep} of a {@link TrainingCase} in the benchmark's own JVM.
 *
 * @param backend      backend id
 * @param trainingCase network (with or without the flow block), video, batch
 * @param stepMs       milliseconds per step (JMH average)
 * @param errorMs      99.9 % confidence half-width (NaN with a single sample)
 * @param peakRssMb    peak resident set of the JVM (VmHWM), MiB
 */
public record TrainingTiming(
        String backend, TrainingCase trainingCase, double stepMs, double errorMs, double peakRssMb) {}
