package io.repflow.backend.tf;

import io.repflow.tck.FlowBlockContract;

/** TensorFlow passes the FlowBlock contract. */
class TfFlowBlockTest extends FlowBlockContract {
    TfFlowBlockTest() {
        super("tf");
    }
}
