package io.repflow.backend.djl;

import io.repflow.tck.BackendDiscoveryContract;

class DjlBackendDiscoveryTest extends BackendDiscoveryContract {
    DjlBackendDiscoveryTest() {
        super("djl");
    }
}
