package io.repflow.backend.djl;

import io.repflow.tck.FlowConvFlowContract;

class DjlFlowConvFlowTest extends FlowConvFlowContract {
    DjlFlowConvFlowTest() {
        super("djl");
    }
}
