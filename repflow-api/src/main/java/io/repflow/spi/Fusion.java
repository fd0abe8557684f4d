package io.repflow.spi;

import io.repflow.api.FusionConfig;

/** A fusion module: inputs {@code rgb, flow}; see {@link FusionConfig}. */
public interface Fusion extends HostModule {

    FusionConfig config();
}
