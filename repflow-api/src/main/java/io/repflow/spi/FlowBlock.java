package io.repflow.spi;

import io.repflow.api.FlowBlockConfig;

/** A rep-flow block or Flow-Conv-Flow: input {@code [B,C,T,H,W]}; see {@link FlowBlockConfig}. */
public interface FlowBlock extends HostModule {

    FlowBlockConfig config();
}
