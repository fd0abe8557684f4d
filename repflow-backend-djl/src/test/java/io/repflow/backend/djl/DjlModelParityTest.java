package io.repflow.backend.djl;

import io.repflow.tck.ModelParityContract;

class DjlModelParityTest extends ModelParityContract {
    DjlModelParityTest() {
        super("djl");
    }
}
