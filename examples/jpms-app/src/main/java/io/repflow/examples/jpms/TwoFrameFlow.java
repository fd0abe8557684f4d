package io.repflow.examples.jpms;

import io.repflow.api.FlowConfig;
import io.repflow.api.HostTensor;
import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.Backends;
import io.repflow.spi.FlowLayer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Representation flow between two images: {@code TwoFrameFlow BACKEND F1.npy F2.npy OUT.npy ITERATIONS}.
 * The images are grey (or feature) frames {@code [N,C,H,W]} as {@code .npy}; the flow {@code [N,2C,H,W]}
 * goes to OUT.npy. BACKEND is a provider id or {@code default} (the selection rule's choice).
 */
public final class TwoFrameFlow {

    private TwoFrameFlow() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            System.err.println("usage: TwoFrameFlow BACKEND|default F1.npy F2.npy OUT.npy ITERATIONS");
            System.exit(2);
        }
        HostTensor f1 = HostTensor.readNpy(Path.of(args[1]));
        HostTensor f2 = HostTensor.readNpy(Path.of(args[2]));
        FlowConfig config = FlowConfig.builder()
                .channels(f1.dim(1))
                .iterations(Integer.parseInt(args[4]))
                .build();
        Backends backends = Backends.load();
        try (Backend backend = args[0].equals("default")
                        ? backends.open(BackendConfig.DEFAULT)
                        : backends.open(args[0], BackendConfig.DEFAULT);
                FlowLayer layer = backend.flowLayer(config)) {
            HostTensor u = layer.forward(f1, f2);
            u.writeNpy(Path.of(args[3]));
            System.out.println("app-module " + TwoFrameFlow.class.getModule().getName());
            Module provider = Backends.unwrap(backend).getClass().getModule();
            System.out.println("provider-module " + (provider.isNamed() ? provider.getName() : "unnamed (class path)"));
            System.out.println("backend " + backend.id() + " (" + backend.engineVersion() + ")");
            System.out.println("flow " + u.shape() + " -> " + args[3]);
        }
    }
}
