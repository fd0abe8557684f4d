package io.repflow.backend.tf;

import io.repflow.tck.ModelTrainingContract;

/** TensorFlow passes the ModelTraining contract. */
class TfModelTrainingTest extends ModelTrainingContract {
    TfModelTrainingTest() {
        super("tf");
    }
}
