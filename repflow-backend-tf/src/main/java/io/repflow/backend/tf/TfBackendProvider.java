package io.repflow.backend.tf;

import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.BackendProvider;
import io.repflow.spi.Capability;
import java.util.EnumSet;
import java.util.Set;

/** TensorFlow Java 1.1.0 (TF 2.18) in graph mode. Cheap: TensorFlow's natives load in {@link #create}. */
public final class TfBackendProvider implements BackendProvider {

    static final String ID = "tf";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int priority() {
        return 50;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.INFERENCE, Capability.GRADIENTS, Capability.TRAINING, Capability.MODEL_COMPILER);
    }

    @Override
    public String description() {
        return "TensorFlow Java 1.1.0 (TF 2.18) graph mode, CPU natives linux-x86_64";
    }

    @Override
    public Backend create(BackendConfig config) {
        return TfBackend.open(config);
    }
}
