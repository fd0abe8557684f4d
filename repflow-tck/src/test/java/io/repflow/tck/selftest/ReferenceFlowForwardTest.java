package io.repflow.tck.selftest;

import io.repflow.tck.FlowForwardContract;

/** The reference backend passes the FlowForward contract. */
class ReferenceFlowForwardTest extends FlowForwardContract {
    ReferenceFlowForwardTest() {
        super("reference");
    }
}
