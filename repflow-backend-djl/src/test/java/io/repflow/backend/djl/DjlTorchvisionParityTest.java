package io.repflow.backend.djl;

import io.repflow.tck.TorchvisionParityContract;

class DjlTorchvisionParityTest extends TorchvisionParityContract {
    DjlTorchvisionParityTest() {
        super("djl");
    }
}
