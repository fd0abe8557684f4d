package io.repflow.tck;

import io.repflow.api.BatchNormConfig;
import io.repflow.api.FlowBlockConfig;
import io.repflow.api.FlowConfig;
import io.repflow.api.FusionMode;
import io.repflow.api.RepFlowBlockConfig;

/**
 * Required: the rep-flow block (1x1 bottleneck, per-clip normalisation, flow on frame pairs,
 * output conv + batch norm, every fusion, ReLU; design rules 4.1–4.3, 4.5–4.7) equals the reference;
 * gradients held to backends that declare GRADIENTS.
 */
public abstract class FlowBlockContract extends AbstractFlowBlockContract {

    protected FlowBlockContract(String backendId) {
        super(backendId);
    }

    @Override
    protected FlowBlockConfig config(FusionMode fusion, int kernel) {
        return new RepFlowBlockConfig(
                C, FlowConfig.builder().channels(4).iterations(5).build(), kernel, fusion, BatchNormConfig.DEFAULT);
    }

    @Override
    protected int frames() {
        return 4;
    }
}
