package io.repflow.backend.nd4j;

import io.repflow.tck.TorchvisionParityContract;

class Nd4jTorchvisionParityTest extends TorchvisionParityContract {
    Nd4jTorchvisionParityTest() {
        super("nd4j");
    }
}
