package io.repflow.models.train;

import io.repflow.models.eval.EvaluationResult;

/**
 * One epoch of training.
 *
 * @param epoch            0-based
 * @param learningRate     base rate used
 * @param steps            steps taken in this epoch (fewer after a mid-epoch resume)
 * @param trainLoss        mean step loss
 * @param trainAccuracy    top-1 of the TRAIN-mode logits of the steps
 * @param meanGradientNorm mean of the steps' gradient norms
 * @param maxGradientNorm  largest gradient norm
 * @param validation       validation metrics, or null without a validation set
 * @param seconds          wall time
 * @param skipped          training samples left out as unusable (bad videos) in this epoch
 */
public record EpochSummary(
        int epoch,
        double learningRate,
        int steps,
        double trainLoss,
        double trainAccuracy,
        double meanGradientNorm,
        double maxGradientNorm,
        EvaluationResult validation,
        double seconds,
        int skipped) {}
