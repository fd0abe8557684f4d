package io.repflow.models.arch;

/** Which flow block the builder inserts (paper Table 5). */
public enum FlowBlockKind {
    /** One representation-flow block. */
    SINGLE,
    /** Two representation-flow blocks in a row (flow of flow). */
    FLOW_OF_FLOW,
    /** Flow-Conv-Flow: flow, conv + BN + ReLU, flow, in one block (the paper's best). */
    FLOW_CONV_FLOW
}
