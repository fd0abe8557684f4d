package io.repflow.backend.tf;

import io.repflow.tck.TrainingConvergenceContract;

/** TensorFlow passes the TrainingConvergence contract. */
class TfTrainingConvergenceTest extends TrainingConvergenceContract {
    TfTrainingConvergenceTest() {
        super("tf");
    }
}
