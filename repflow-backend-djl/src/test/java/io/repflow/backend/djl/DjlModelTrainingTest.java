package io.repflow.backend.djl;

import io.repflow.tck.ModelTrainingContract;

class DjlModelTrainingTest extends ModelTrainingContract {
    DjlModelTrainingTest() {
        super("djl");
    }
}
