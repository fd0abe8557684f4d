package io.repflow.spark;

import io.repflow.cli.TestViews;
import java.io.Serializable;

/**
 * What every executor needs to predict: which engine (resolved on the driver, so every executor
 * opens the same one), where, how the views of a video are made, and what to return.
 *
 * @param backend       engine id, e.g. {@code djl}
 * @param device        {@code cpu}, {@code gpu} or {@code gpu:N}
 * @param threads       engine threads per executor JVM, 0 for the engine's default
 * @param views         clips, crops, clip length and crop size, the view seed (as {@code repflow predict}/{@code eval})
 * @param top           how many classes each result row names
 * @param batch         views per forward pass (views of several videos share a batch)
 * @param features      whether rows carry the pooled features (a second forward pass per batch)
 * @param probabilities whether rows carry every class's mean probability ({@code spark eval} needs them)
 */
public record InferenceOptions(
        String backend,
        String device,
        int threads,
        TestViews views,
        int top,
        int batch,
        boolean features,
        boolean probabilities)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public InferenceOptions {
        if (backend == null || backend.isBlank()) {
            throw new IllegalArgumentException("backend id is missing");
        }
        if (device == null || device.isBlank()) {
            throw new IllegalArgumentException("device is missing");
        }
        if (views == null) {
            throw new IllegalArgumentException("views are missing (null)");
        }
        if (threads < 0 || top < 1 || batch < 1) {
            throw new IllegalArgumentException(
                    "threads must be >= 0, top and batch >= 1 but are " + threads + ", " + top + ", " + batch);
        }
    }
}
