package io.repflow.backend.tf;

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
 * The SGD update TensorFlow runs in its graph, on its own variables, is the host rule bit for bit:
 * three steps of a model with a flow group (both learning rates, weight decay, momentum).
 */
class TfInGraphSgdTest {

    @Test
    void inGraphStepsEqualTheHostRuleBitForBit() {
        ModelSpec spec = ModelFixtures.specs().get("2d-residual-repflow-add");
        try (Backend backend = Backends.open(new TfBackendProvider(), BackendConfig.DEFAULT);
                CompiledModel model = ModelCompilers.of(backend).compile(spec, 7)) {
            model.setParameters(ModelFixtures.randomised(spec, 8));
            HostSgdRule.assertStepsFollowTheHostRule("tf", model, 3, 9);
        }
    }
}
