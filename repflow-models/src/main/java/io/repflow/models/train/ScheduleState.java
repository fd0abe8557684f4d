package io.repflow.models.train;

/**
 * Where a schedule stands.
 *
 * @param learningRate the base rate of the coming epoch
 * @param best         best monitored value so far (NaN before the first epoch end)
 * @param badEpochs    epochs since the last improvement (plateau schedule)
 */
public record ScheduleState(double learningRate, double best, int badEpochs) {}
