package io.repflow.backend.djl.launch;

import io.repflow.api.FlowConfig;
import io.repflow.api.HostTensor;
import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.BackendProvider;
import io.repflow.spi.Backends;
import io.repflow.spi.FlowLayer;

/**
 * Started by {@link DjlModulePathLaunchTest} in a JVM whose module path holds repflow and DJL and whose
 * class path holds the libtorch natives jar (and this class): finds the backend through ServiceLoader,
 * reports where each piece was loaded from and prints the checksum of one flow-layer forward pass.
 * (Its own package: a class-path class cannot share a package with the named module.)
 */
public final class ModulePathProbe {

    private ModulePathProbe() {}

    public static void main(String[] args) {
        BackendProvider provider = Backends.load().select("djl");
        Module module = provider.getClass().getModule();
        System.out.println("provider-module " + (module.isNamed() ? module.getName() : "unnamed"));
        System.out.println("api-module " + Backends.class.getModule().getName());
        try (Backend backend = Backends.open(provider, BackendConfig.DEFAULT)) {
            HostTensor[] f = inputs();
            try (FlowLayer layer = backend.flowLayer(FlowConfig.of(2))) {
                HostTensor u = layer.forward(f[0], f[1]);
                double sum = 0;
                for (int i = 0; i < u.size(); i++) {
                    sum += Math.abs(u.flat(i));
                }
                System.out.println("engine " + backend.engineVersion());
                System.out.println("checksum " + sum);
            }
        }
    }

    /** F1, F2 [1,2,6,5]: a ramp and the same ramp moved by one column, with a bump. */
    public static HostTensor[] inputs() {
        float[] a = new float[60];
        float[] b = new float[60];
        for (int i = 0; i < 60; i++) {
            int col = i % 5;
            int row = (i / 5) % 6;
            a[i] = 20f * col + 3f * row * row + (i >= 30 ? 40 : 0);
            b[i] = 20f * Math.max(0, col - 1) + 3f * row * row + (i >= 30 ? 40 : 0) + (row == 2 ? 15 : 0);
        }
        return new HostTensor[] {HostTensor.of(a, 1, 2, 6, 5), HostTensor.of(b, 1, 2, 6, 5)};
    }
}
