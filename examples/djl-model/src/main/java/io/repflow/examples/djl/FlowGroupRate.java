package io.repflow.examples.djl;

import ai.djl.training.tracker.ParameterTracker;
import java.util.Set;

/**
 * DJL's per-parameter learning-rate hook: the flow group's parameters get {@code factor} times the base
 * rate, every other parameter the base rate. DJL's optimizers ask it once per parameter and update.
 */
public final class FlowGroupRate implements ParameterTracker {

    private final float base;
    private final float factor;
    private final Set<String> flowIds;

    public FlowGroupRate(float base, float factor, Set<String> flowIds) {
        this.base = base;
        this.factor = factor;
        this.flowIds = Set.copyOf(flowIds);
    }

    @Override
    public float getNewValue(String parameterId, int numUpdate) {
        return flowIds.contains(parameterId) ? base * factor : base;
    }
}
