package io.repflow.backend.djl;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import io.repflow.api.FlowBlockConfig;
import io.repflow.api.FlowConvFlowConfig;
import io.repflow.api.RepFlowBlockConfig;
import io.repflow.backend.djl.nn.DjlFlowConvFlow;
import io.repflow.backend.djl.nn.DjlRepFlowBlock;
import io.repflow.spi.FlowBlock;
import java.util.Map;

/** The SPI flow block over {@link DjlRepFlowBlock} or {@link DjlFlowConvFlow}; weights from the config's seeded init. */
final class DjlFlowBlockModule extends DjlModule<AbstractBlock> implements FlowBlock {

    private final FlowBlockConfig config;

    DjlFlowBlockModule(DjlBackend backend, FlowBlockConfig config) {
        this(backend, config, blockOf(config));
    }

    private DjlFlowBlockModule(DjlBackend backend, FlowBlockConfig config, AbstractBlock block) {
        super(
                backend,
                block,
                namedOf(block),
                config.parameterShapes(),
                config.trainableParameters(),
                config.initialParameters(backend.seed()),
                new Shape(1, config.inChannels(), config.framesDropped() + 1, 2, 2));
        this.config = config;
    }

    private static AbstractBlock blockOf(FlowBlockConfig config) {
        if (config instanceof RepFlowBlockConfig r) {
            return new DjlRepFlowBlock(r);
        }
        return new DjlFlowConvFlow((FlowConvFlowConfig) config);
    }

    private static Map<String, Parameter> namedOf(AbstractBlock block) {
        return block instanceof DjlRepFlowBlock r ? r.namedParameters() : ((DjlFlowConvFlow) block).namedParameters();
    }

    @Override
    public FlowBlockConfig config() {
        return config;
    }
}
