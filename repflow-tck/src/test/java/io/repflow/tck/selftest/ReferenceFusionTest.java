package io.repflow.tck.selftest;

import io.repflow.tck.FusionContract;

/** The reference backend passes the Fusion contract. */
class ReferenceFusionTest extends FusionContract {
    ReferenceFusionTest() {
        super("reference");
    }
}
