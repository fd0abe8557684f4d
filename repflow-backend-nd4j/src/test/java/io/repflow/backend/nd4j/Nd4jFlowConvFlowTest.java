package io.repflow.backend.nd4j;

import io.repflow.tck.FlowConvFlowContract;

class Nd4jFlowConvFlowTest extends FlowConvFlowContract {
    Nd4jFlowConvFlowTest() {
        super(Nd4jBackendProvider.ID);
    }
}
