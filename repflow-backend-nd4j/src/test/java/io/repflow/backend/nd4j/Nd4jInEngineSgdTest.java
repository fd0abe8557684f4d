package io.repflow.backend.nd4j;

import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.spi.ModelCompilers;
import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.Backends;
import io.repflow.tck.HostSgdRule;
import io.repflow.tck.ModelFixtures;
import org.junit.jupiter.api.Test;

/**
 * The SGD update ND4J applies in place to the model's own arrays is the host rule bit for bit:
 * three steps of a model with a flow group (both learning rates, weight decay, momentum).
 */
class Nd4jInEngineSgdTest {

    @Test
    void inGraphStepsEqualTheHostRuleBitForBit() {
        ModelSpec spec = ModelFixtures.specs().get("2d-residual-repflow-add");
        try (Backend backend = Backends.open(new Nd4jBackendProvider(), BackendConfig.DEFAULT);
                CompiledModel model = ModelCompilers.of(backend).compile(spec, 7)) {
            model.setParameters(ModelFixtures.randomised(spec, 8));
            HostSgdRule.assertStepsFollowTheHostRule("nd4j", model, 3, 9);
        }
    }
}
