package io.repflow.backend.nd4j;

import io.repflow.tck.TrainingConvergenceContract;

class Nd4jTrainingConvergenceTest extends TrainingConvergenceContract {
    Nd4jTrainingConvergenceTest() {
        super(Nd4jBackendProvider.ID);
    }
}
