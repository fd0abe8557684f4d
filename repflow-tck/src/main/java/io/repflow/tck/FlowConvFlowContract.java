package io.repflow.tck;

import io.repflow.api.BatchNormConfig;
import io.repflow.api.FlowBlockConfig;
import io.repflow.api.FlowConfig;
import io.repflow.api.FlowConvFlowConfig;
import io.repflow.api.FusionMode;

/**
 * Required: Flow-Conv-Flow (flow, conv + batch norm + ReLU, flow; paper Table 5, design rule 4.4) equals the
 * reference, with two flow layers of different widths and iterations; gradients held to backends
 * that declare GRADIENTS.
 */
public abstract class FlowConvFlowContract extends AbstractFlowBlockContract {

    protected FlowConvFlowContract(String backendId) {
        super(backendId);
    }

    @Override
    protected FlowBlockConfig config(FusionMode fusion, int kernel) {
        return new FlowConvFlowConfig(
                C,
                FlowConfig.builder().channels(4).iterations(4).build(),
                FlowConfig.builder().channels(3).iterations(6).build(),
                kernel,
                kernel,
                fusion,
                BatchNormConfig.DEFAULT);
    }

    @Override
    protected int frames() {
        return 5;
    }
}
