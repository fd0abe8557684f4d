package io.repflow.backend.tf;

import io.repflow.tck.FlowConvFlowContract;

/** TensorFlow passes the FlowConvFlow contract. */
class TfFlowConvFlowTest extends FlowConvFlowContract {
    TfFlowConvFlowTest() {
        super("tf");
    }
}
