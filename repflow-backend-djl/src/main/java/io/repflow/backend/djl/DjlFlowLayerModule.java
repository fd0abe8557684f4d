package io.repflow.backend.djl;

import ai.djl.ndarray.types.Shape;
import io.repflow.api.FlowConfig;
import io.repflow.backend.djl.nn.DjlFlowLayer;
import io.repflow.spi.FlowLayer;

/** The SPI flow layer over {@link DjlFlowLayer}. */
final class DjlFlowLayerModule extends DjlModule<DjlFlowLayer> implements FlowLayer {

    private final FlowConfig config;

    DjlFlowLayerModule(DjlBackend backend, FlowConfig config) {
        this(backend, config, new DjlFlowLayer(config));
    }

    private DjlFlowLayerModule(DjlBackend backend, FlowConfig config, DjlFlowLayer block) {
        super(
                backend,
                block,
                block.namedParameters(),
                config.parameterShapes(),
                config.trainableParameters(),
                config.initialParameters(),
                new Shape(1, config.channels(), 2, 2),
                new Shape(1, config.channels(), 2, 2));
        this.config = config;
    }

    @Override
    public FlowConfig config() {
        return config;
    }
}
