package io.repflow.backend.tf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.FlowConfig;
import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import io.repflow.reference.SeededInputs;
import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.Backends;
import io.repflow.spi.FlowLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 1,000 forward+backward steps do not grow the process: every TensorFlow tensor a step makes is
 * closed. Measured as resident memory outside the Java heap (VmRSS minus the committed heap) after
 * 1,000 warm-up steps and after 1,000 more; a leak of the step's tensors (about 40 kB each step here)
 * would add about 40 MB.
 */
class TfMemoryTest {

    private static final long MAX_GROWTH_BYTES = 24L << 20;

    @Test
    void thousandStepsDoNotGrowResidentMemory() throws IOException {
        FlowConfig config = FlowConfig.builder().channels(4).iterations(5).build();
        HostTensor[] f = SeededInputs.framePairs(1, 2, 4, 16, 16);
        HostTensor grad = SeededInputs.normal(2, Shape.of(2, 8, 16, 16), 1);
        try (Backend backend = Backends.open(new TfBackendProvider(), BackendConfig.DEFAULT);
                FlowLayer layer = backend.flowLayer(config)) {
            // warm-up: the graph, TensorFlow's allocator pools and the Java heap reach their working size
            for (int i = 0; i < 1000; i++) {
                layer.backward(Mode.TRAIN, List.of(f[0], f[1]), grad);
            }
            long before = nativeBytes();
            for (int i = 0; i < 1000; i++) {
                layer.backward(Mode.TRAIN, List.of(f[0], f[1]), grad);
            }
            long after = nativeBytes();
            System.out.printf(
                    "resident memory outside the Java heap: %d kB before, %d kB after 1000 more steps%n",
                    before >> 10, after >> 10);
            assertTrue(
                    after - before < MAX_GROWTH_BYTES,
                    "memory outside the Java heap grew by " + ((after - before) >> 10) + " kB over 1000 steps");
        }
    }

    /** VmRSS minus what the JVM has committed for its heap (garbage there is not a native leak). */
    private static long nativeBytes() throws IOException {
        System.gc();
        return rss() - Runtime.getRuntime().totalMemory();
    }

    private static long rss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) << 10;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
