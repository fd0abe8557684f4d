package io.repflow.models.train;

/**
 * Where a run stands between two steps; saved in every checkpoint.
 *
 * @param epoch        the epoch in progress (0-based)
 * @param batchInEpoch the next batch of that epoch
 * @param step         steps taken so far
 * @param schedule     learning-rate schedule state
 */
public record TrainingState(int epoch, int batchInEpoch, long step, ScheduleState schedule) {}
