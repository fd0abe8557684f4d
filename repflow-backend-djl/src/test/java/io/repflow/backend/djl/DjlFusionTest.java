package io.repflow.backend.djl;

import io.repflow.tck.FusionContract;

class DjlFusionTest extends FusionContract {
    DjlFusionTest() {
        super("djl");
    }
}
