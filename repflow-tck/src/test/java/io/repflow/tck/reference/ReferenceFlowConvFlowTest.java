package io.repflow.tck.reference;

import io.repflow.tck.FlowConvFlowContract;

/** The reference backend passes the FlowConvFlow contract. */
class ReferenceFlowConvFlowTest extends FlowConvFlowContract {
    ReferenceFlowConvFlowTest() {
        super("reference");
    }
}
