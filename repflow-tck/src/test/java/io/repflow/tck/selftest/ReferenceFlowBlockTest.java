package io.repflow.tck.selftest;

import io.repflow.tck.FlowBlockContract;

/** The reference backend passes the FlowBlock contract. */
class ReferenceFlowBlockTest extends FlowBlockContract {
    ReferenceFlowBlockTest() {
        super("reference");
    }
}
