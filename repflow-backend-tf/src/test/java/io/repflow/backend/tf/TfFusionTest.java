package io.repflow.backend.tf;

import io.repflow.tck.FusionContract;

/** TensorFlow passes the Fusion contract. */
class TfFusionTest extends FusionContract {
    TfFusionTest() {
        super("tf");
    }
}
