package io.repflow.models.eval;

import java.util.Arrays;

/**
 * What the multi-view evaluation says about one sample (video): the mean over its views of each view's
 * softmax (the prediction), the mean of the views' logits, and, when a feature model was given, the mean
 * of the views' pooled features.
 *
 * @param sample        the sample number of its rows ({@link ViewBatch#samples()})
 * @param label         its class index
 * @param probabilities {@code [K]} mean softmax over the views
 * @param logits        {@code [K]} mean logits over the views
 * @param features      mean pooled features over the views, or null
 * @param views         how many views were averaged
 */
public record SampleResult(
        int sample, int label, double[] probabilities, double[] logits, double[] features, int views) {

    /**
     * The {@code k} most probable classes, most probable first; ties rank the lower class index first
     * (the order {@link ClassificationMetrics} counts top-1 and top-5 with).
     */
    public int[] top(int k) {
        Integer[] order = new Integer[probabilities.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(probabilities[b], probabilities[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int n = Math.min(Math.max(k, 0), order.length);
        int[] top = new int[n];
        for (int i = 0; i < n; i++) {
            top[i] = order[i];
        }
        return top;
    }
}
