package io.repflow.backend.nd4j;

import io.repflow.tck.ModelTrainingContract;

class Nd4jModelTrainingTest extends ModelTrainingContract {
    Nd4jModelTrainingTest() {
        super(Nd4jBackendProvider.ID);
    }
}
