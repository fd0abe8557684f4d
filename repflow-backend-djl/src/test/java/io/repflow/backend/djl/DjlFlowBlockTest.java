package io.repflow.backend.djl;

import io.repflow.tck.FlowBlockContract;

class DjlFlowBlockTest extends FlowBlockContract {
    DjlFlowBlockTest() {
        super("djl");
    }
}
