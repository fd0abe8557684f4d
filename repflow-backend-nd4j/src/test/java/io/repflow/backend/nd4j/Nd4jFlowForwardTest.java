package io.repflow.backend.nd4j;

import io.repflow.tck.FlowForwardContract;

class Nd4jFlowForwardTest extends FlowForwardContract {
    Nd4jFlowForwardTest() {
        super(Nd4jBackendProvider.ID);
    }
}
