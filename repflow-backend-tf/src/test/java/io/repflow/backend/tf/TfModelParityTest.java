package io.repflow.backend.tf;

import io.repflow.tck.ModelParityContract;

/** TensorFlow passes the ModelParity contract. */
class TfModelParityTest extends ModelParityContract {
    TfModelParityTest() {
        super("tf");
    }
}
