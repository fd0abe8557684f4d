package io.repflow.backend.tf;

import io.repflow.tck.BackendDiscoveryContract;

/** TensorFlow passes the BackendDiscovery contract. */
class TfBackendDiscoveryTest extends BackendDiscoveryContract {
    TfBackendDiscoveryTest() {
        super("tf");
    }
}
