package io.repflow.backend.tf;

import io.repflow.tck.TorchvisionParityContract;

class TfTorchvisionParityTest extends TorchvisionParityContract {
    TfTorchvisionParityTest() {
        super("tf");
    }
}
