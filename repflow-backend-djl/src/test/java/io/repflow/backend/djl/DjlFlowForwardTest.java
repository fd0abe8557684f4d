package io.repflow.backend.djl;

import io.repflow.tck.FlowForwardContract;

class DjlFlowForwardTest extends FlowForwardContract {
    DjlFlowForwardTest() {
        super("djl");
    }
}
