package io.repflow.tck.selftest;

import io.repflow.tck.FlowGradientContract;

/** The reference backend passes the FlowGradient contract. */
class ReferenceFlowGradientTest extends FlowGradientContract {
    ReferenceFlowGradientTest() {
        super("reference");
    }
}
