package io.repflow.backend.nd4j;

import io.repflow.tck.BackendDiscoveryContract;

class Nd4jBackendDiscoveryTest extends BackendDiscoveryContract {
    Nd4jBackendDiscoveryTest() {
        super(Nd4jBackendProvider.ID);
    }
}
