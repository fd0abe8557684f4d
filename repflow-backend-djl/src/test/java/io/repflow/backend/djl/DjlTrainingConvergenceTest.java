package io.repflow.backend.djl;

import io.repflow.tck.TrainingConvergenceContract;

class DjlTrainingConvergenceTest extends TrainingConvergenceContract {
    DjlTrainingConvergenceTest() {
        super("djl");
    }
}
