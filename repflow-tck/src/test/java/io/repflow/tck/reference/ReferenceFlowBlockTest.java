package io.repflow.tck.reference;

import io.repflow.tck.FlowBlockContract;

/** The reference backend passes the FlowBlock contract. */
class ReferenceFlowBlockTest extends FlowBlockContract {
    ReferenceFlowBlockTest() {
        super("reference");
    }
}
