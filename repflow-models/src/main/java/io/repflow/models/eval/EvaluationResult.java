package io.repflow.models.eval;

/**
 * Classification metrics over a set of examples.
 *
 * @param samples            examples evaluated
 * @param top1               fraction whose highest score is the label
 * @param top5               fraction whose label is among the five highest scores (the K highest when K &lt; 5)
 * @param meanClassAccuracy  mean over the classes that occur of each class's top-1 recall
 * @param meanLoss           mean cross-entropy of the averaged probabilities, {@code -log p[label]}
 * @param confusion          counts, rows = true class, columns = predicted class
 */
public record EvaluationResult(
        int samples, double top1, double top5, double meanClassAccuracy, double meanLoss, ConfusionMatrix confusion) {}
