package io.repflow.examples.classpath;

import io.repflow.api.FlowConfig;
import io.repflow.api.HostTensor;
import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.BackendProvider;
import io.repflow.spi.Backends;
import io.repflow.spi.FlowLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Representation flow between two frames on every engine on the class path:
 * {@code EveryEngineFlow F1.npy F2.npy OUT_DIR ITERATIONS} writes {@code OUT_DIR/<backend>.npy} per
 * installed backend (the float64 {@code reference} too, when it is installed) and prints one line each.
 */
public final class EveryEngineFlow {

    private EveryEngineFlow() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: EveryEngineFlow F1.npy F2.npy OUT_DIR ITERATIONS");
            System.exit(2);
        }
        List<String> done = run(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
        System.out.println("flow by " + String.join(", ", done));
    }

    /** Computes the flow with each installed backend; returns their ids in priority order. */
    public static List<String> run(Path f1File, Path f2File, Path outDir, int iterations) throws IOException {
        HostTensor f1 = HostTensor.readNpy(f1File);
        HostTensor f2 = HostTensor.readNpy(f2File);
        FlowConfig config =
                FlowConfig.builder().channels(f1.dim(1)).iterations(iterations).build();
        Files.createDirectories(outDir);
        List<String> ids = new ArrayList<>();
        for (BackendProvider provider : Backends.load().providers()) {
            try (Backend backend = Backends.open(provider, BackendConfig.DEFAULT);
                    FlowLayer layer = backend.flowLayer(config)) {
                HostTensor u = layer.forward(f1, f2);
                u.writeNpy(outDir.resolve(backend.id() + ".npy"));
                System.out.println(backend.id() + " (" + backend.engineVersion() + "): flow " + u.shape());
                ids.add(backend.id());
            }
        }
        return ids;
    }
}
