package io.repflow.backend.nd4j;

import io.repflow.tck.FlowGradientContract;

class Nd4jFlowGradientTest extends FlowGradientContract {
    Nd4jFlowGradientTest() {
        super(Nd4jBackendProvider.ID);
    }
}
