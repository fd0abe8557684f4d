package io.repflow.backend.djl;

import ai.djl.ndarray.types.Shape;
import io.repflow.api.FusionConfig;
import io.repflow.api.ParameterInit;
import io.repflow.backend.djl.nn.DjlFusion;
import io.repflow.spi.Fusion;

/** The SPI fusion over {@link DjlFusion}; weights from {@link ParameterInit} with the backend's seed. */
final class DjlFusionModule extends DjlModule<DjlFusion> implements Fusion {

    private final FusionConfig config;

    DjlFusionModule(DjlBackend backend, FusionConfig config) {
        this(backend, config, new DjlFusion(config));
    }

    private DjlFusionModule(DjlBackend backend, FusionConfig config, DjlFusion block) {
        super(
                backend,
                block,
                block.namedParameters(),
                config.parameterShapes(),
                config.parameterShapes().keySet(),
                ParameterInit.initialise(config.parameterShapes(), prefix -> null, backend.seed()),
                new Shape(1, config.channels(), 1, 2, 2),
                new Shape(1, config.channels(), 1, 2, 2));
        this.config = config;
    }

    @Override
    public FusionConfig config() {
        return config;
    }
}
