package io.repflow.backend.tf;

import io.repflow.tck.FlowGradientContract;

/** TensorFlow passes the FlowGradient contract. */
class TfFlowGradientTest extends FlowGradientContract {
    TfFlowGradientTest() {
        super("tf");
    }
}
