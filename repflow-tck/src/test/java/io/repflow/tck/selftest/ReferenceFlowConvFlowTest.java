package io.repflow.tck.selftest;

import io.repflow.tck.FlowConvFlowContract;

/** The reference backend passes the FlowConvFlow contract. */
class ReferenceFlowConvFlowTest extends FlowConvFlowContract {
    ReferenceFlowConvFlowTest() {
        super("reference");
    }
}
