package io.repflow.models.eval;

import io.repflow.api.Checks;

/** Accumulates per-example class scores into top-1, top-5, mean class accuracy, loss and a confusion matrix. */
public final class ClassificationMetrics {

    private final int classes;
    private final long[][] confusion;
    private int samples;
    private int top5Hits;
    private double lossSum;

    public ClassificationMetrics(int classes) {
        this.classes = Checks.atLeast("classes", classes, 1);
        this.confusion = new long[classes][classes];
    }

    /**
     * Adds one example. {@code probabilities} are its class probabilities (or any scores whose order
     * is the prediction; the loss then is meaningless). Ties rank the lower class index first.
     */
    public void add(double[] probabilities, int label) {
        if (probabilities.length != classes) {
            throw new IllegalArgumentException(
                    "scores have " + probabilities.length + " classes but the metrics count " + classes);
        }
        Checks.inRange("label", label, 0, classes - 1);
        int best = 0;
        int rank = 0;
        double p = probabilities[label];
        for (int k = 0; k < classes; k++) {
            if (probabilities[k] > probabilities[best]) {
                best = k;
            }
            if (probabilities[k] > p || (probabilities[k] == p && k < label)) {
                rank++;
            }
        }
        confusion[label][best]++;
        if (rank < Math.min(5, classes)) {
            top5Hits++;
        }
        lossSum += -Math.log(Math.max(p, Double.MIN_NORMAL));
        samples++;
    }

    public EvaluationResult result() {
        long correct = 0;
        double recallSum = 0;
        int present = 0;
        for (int c = 0; c < classes; c++) {
            correct += confusion[c][c];
            long support = 0;
            for (long v : confusion[c]) {
                support += v;
            }
            if (support > 0) {
                recallSum += (double) confusion[c][c] / support;
                present++;
            }
        }
        double n = Math.max(1, samples);
        return new EvaluationResult(
                samples,
                correct / n,
                top5Hits / n,
                present == 0 ? 0 : recallSum / present,
                lossSum / n,
                new ConfusionMatrix(confusion));
    }

    /** Softmax of logits in double, max-subtracted. */
    public static double[] softmax(float[] logits, int offset, int classes) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            max = Math.max(max, logits[offset + k]);
        }
        double[] p = new double[classes];
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            p[k] = Math.exp(logits[offset + k] - max);
            sum += p[k];
        }
        for (int k = 0; k < classes; k++) {
            p[k] /= sum;
        }
        return p;
    }
}
