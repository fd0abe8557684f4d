package io.repflow.reference;

import io.repflow.api.FlowBlockConfig;
import io.repflow.api.FlowConfig;
import io.repflow.api.FusionConfig;
import io.repflow.api.ParameterInit;
import io.repflow.models.spi.ModelCompiler;
import io.repflow.spi.Backend;
import io.repflow.spi.Capability;
import io.repflow.spi.Device;
import io.repflow.spi.FlowBlock;
import io.repflow.spi.FlowLayer;
import io.repflow.spi.Fusion;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The float64 reference as a backend: computes in float64 and rounds results to float32, and
 * compiles model specs like any engine ({@link ReferenceModelCompiler}). {@link
 * ReferenceBackendProvider} installs it as {@code reference}; the TCK's self-test derives broken
 * variants from it under other ids.
 */
public class ReferenceBackend implements Backend {

    private final String id;
    private final long seed;
    private final ModelCompiler compiler = new ReferenceModelCompiler();

    public ReferenceBackend(String id, long seed) {
        this.id = id;
        this.seed = seed;
    }

    public static Set<Capability> capabilities0() {
        return EnumSet.of(
                Capability.INFERENCE,
                Capability.GRADIENTS,
                Capability.TRAINING,
                Capability.MODEL_COMPILER,
                Capability.FLOAT64);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String engineVersion() {
        return "repflow float64 reference";
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities0();
    }

    @Override
    public <T> Optional<T> extension(Class<T> type) {
        return type == ModelCompiler.class ? Optional.of(type.cast(compiler)) : Optional.empty();
    }

    @Override
    public FlowLayer flowLayer(FlowConfig config) {
        return new ReferenceFlowLayer(config);
    }

    @Override
    public Fusion fusion(FusionConfig config) {
        return new ReferenceFusion(config, ParameterInit.initialise(config.parameterShapes(), p -> null, seed));
    }

    @Override
    public FlowBlock flowBlock(FlowBlockConfig config) {
        return new ReferenceFlowBlock(config, config.initialParameters(seed));
    }

    @Override
    public void close() {
        // plain Java memory
    }
}
