package io.repflow.tck.selftest;

import io.repflow.tck.BackendDiscoveryContract;

/** The reference backend passes the BackendDiscovery contract. */
class ReferenceBackendDiscoveryTest extends BackendDiscoveryContract {
    ReferenceBackendDiscoveryTest() {
        super("reference");
    }
}
