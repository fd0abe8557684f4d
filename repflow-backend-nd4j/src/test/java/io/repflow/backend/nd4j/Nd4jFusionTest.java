package io.repflow.backend.nd4j;

import io.repflow.tck.FusionContract;

class Nd4jFusionTest extends FusionContract {
    Nd4jFusionTest() {
        super(Nd4jBackendProvider.ID);
    }
}
