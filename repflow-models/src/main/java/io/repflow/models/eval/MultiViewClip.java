package io.repflow.models.eval;

import io.repflow.api.HostTensor;
import java.util.List;

/**
 * All views of one video for evaluation: clips x crops, each {@code [C, T, H, W]}.
 *
 * @param views the views (at least one)
 * @param label class index
 */
public record MultiViewClip(List<HostTensor> views, int label) {

    public MultiViewClip {
        if (views == null || views.isEmpty()) {
            throw new IllegalArgumentException("a multi-view example needs at least one view");
        }
        views = List.copyOf(views);
        for (HostTensor v : views) {
            if (v.rank() != 4 || !v.shape().equals(views.get(0).shape())) {
                throw new IllegalArgumentException("views must all be [C, T, H, W] of one shape; got " + v.shape()
                        + " and " + views.get(0).shape());
            }
        }
    }
}
