package io.repflow.backend.djl;

import ai.djl.ndarray.types.Shape;
import io.repflow.api.FlowConfig;
import io.repflow.api.FlowParameter;
import io.repflow.backend.djl.nn.DjlFlowLayer;
import io.repflow.spi.FlowLayer;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

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
                trainable(config),
                config.initialParameters(),
                new Shape(1, config.channels(), 2, 2),
                new Shape(1, config.channels(), 2, 2));
        this.config = config;
    }

    private static Set<String> trainable(FlowConfig config) {
        Set<String> names = new LinkedHashSet<>();
        for (FlowParameter p : FlowParameter.values()) {
            if (config.learns(p)) {
                names.add(p.key());
            }
        }
        return Collections.unmodifiableSet(names);
    }

    @Override
    public FlowConfig config() {
        return config;
    }
}
