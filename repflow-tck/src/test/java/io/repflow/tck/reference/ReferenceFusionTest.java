package io.repflow.tck.reference;

import io.repflow.tck.FusionContract;

/** The reference backend passes the Fusion contract. */
class ReferenceFusionTest extends FusionContract {
    ReferenceFusionTest() {
        super("reference");
    }
}
