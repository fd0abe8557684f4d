package io.repflow.backend.tf;

import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.BackendProvider;
import io.repflow.spi.Capability;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * TensorFlow Java 1.1.0 (TF 2.18) in graph mode. Cheap: TensorFlow's natives load in {@link #create}. GPU is
 * declared when TensorFlow's CUDA natives ({@code linux-x86_64-gpu}) are on the class path; the opened backend
 * declares it only when the loaded TensorFlow has CUDA kernels, and {@code gpu:N} opens only when TensorFlow
 * gets that device.
 */
public final class TfBackendProvider implements BackendProvider {

    static final String ID = "tf";

    /** Where TensorFlow's CUDA build keeps its libraries in the linux-x86_64-gpu natives jar. */
    static final String GPU_NATIVES = "org/tensorflow/internal/c_api/linux-x86_64-gpu/";

    private final boolean gpuNatives = TfBackendProvider.class.getClassLoader().getResource(GPU_NATIVES) != null;

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
        Set<Capability> c =
                EnumSet.of(Capability.INFERENCE, Capability.GRADIENTS, Capability.TRAINING, Capability.MODEL_COMPILER);
        if (gpuNatives) {
            c.add(Capability.GPU);
        }
        return Collections.unmodifiableSet(c);
    }

    @Override
    public String description() {
        return "TensorFlow Java 1.1.0 (TF 2.18) graph mode, " + (gpuNatives ? "CUDA" : "CPU") + " natives linux-x86_64";
    }

    @Override
    public Backend create(BackendConfig config) {
        return TfBackend.open(config);
    }
}
