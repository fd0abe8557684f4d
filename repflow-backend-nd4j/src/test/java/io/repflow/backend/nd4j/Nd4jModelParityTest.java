package io.repflow.backend.nd4j;

import io.repflow.tck.ModelParityContract;

class Nd4jModelParityTest extends ModelParityContract {
    Nd4jModelParityTest() {
        super(Nd4jBackendProvider.ID);
    }
}
