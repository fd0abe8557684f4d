package io.repflow.backend.djl;

import io.repflow.tck.FlowGradientContract;

class DjlFlowGradientTest extends FlowGradientContract {
    DjlFlowGradientTest() {
        super("djl");
    }
}
