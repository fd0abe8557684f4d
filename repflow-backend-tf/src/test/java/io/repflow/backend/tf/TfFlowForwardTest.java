package io.repflow.backend.tf;

import io.repflow.tck.FlowForwardContract;

/** TensorFlow passes the FlowForward contract. */
class TfFlowForwardTest extends FlowForwardContract {
    TfFlowForwardTest() {
        super("tf");
    }
}
