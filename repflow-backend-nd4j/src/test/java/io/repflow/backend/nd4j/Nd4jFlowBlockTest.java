package io.repflow.backend.nd4j;

import io.repflow.tck.FlowBlockContract;

class Nd4jFlowBlockTest extends FlowBlockContract {
    Nd4jFlowBlockTest() {
        super(Nd4jBackendProvider.ID);
    }
}
