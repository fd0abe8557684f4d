package io.repflow.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.FlowConfig;
import io.repflow.api.FusionMode;
import io.repflow.models.arch.MotionNet;
import io.repflow.models.spec.ClipShape;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spi.Batch;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.spi.ModelCompilers;
import io.repflow.models.spi.SgdStep;
import io.repflow.spi.BackendConfig;
import io.repflow.tck.ModelFixtures;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * 1,000 training steps of a small rep-flow model do not grow the process: the arrays fed to and
 * returned by each SameDiff run, and those its session leaves behind, are released, and closing the
 * model frees its graphs and leaves the backend holding nothing. Measured as resident memory outside
 * the JVM's heap, code cache and metaspace after 1,000 warm-up steps and after 1,000 more. Measured on
 * the 2-core machine: 137 MB at step 400, 176 MB at step 1,400, then within 1 MB up to step 3,400 (the
 * allocator's arenas reach their working size, not always by step 1,000: another run grew 21 MB from
 * step 1,000 to 2,000), so the warm-up is 1,000 steps and the bound 48 MB. A step leaves about 1.5 MB of
 * arrays: before they were released after each run the process grew by 1.5 GB here.
 */
class Nd4jMemoryTest {

    private static final int WARM_UP = 1000;
    private static final int STEPS = 1000;
    private static final long MAX_GROWTH_BYTES = 48L << 20;

    @Test
    void thousandTrainingStepsDoNotGrowResidentMemory() throws IOException, InterruptedException {
        ModelSpec spec = MotionNet.spec(
                ClipShape.rgb(3, 8),
                4,
                4,
                FlowConfig.builder().channels(4).iterations(2).build(),
                FusionMode.ADD);
        Batch batch = ModelFixtures.batch(spec, 2, 7);
        SgdStep step = SgdStep.paper(0.01, 1e-4);
        try (Nd4jBackend backend =
                Nd4jBackend.open(BackendConfig.DEFAULT, new Nd4jBackendProvider().capabilities(), "test")) {
            try (CompiledModel model = ModelCompilers.of(backend).compile(spec, 1)) {
                for (int i = 0; i < WARM_UP; i++) {
                    model.trainStep(batch, step, i);
                }
                long before = nativeBytes();
                for (int i = 0; i < STEPS; i++) {
                    model.trainStep(batch, step, WARM_UP + i);
                }
                long after = nativeBytes();
                System.out.printf(
                        "ND4J: resident memory outside the JVM's heap, code cache and metaspace %d kB after %d warm-up steps, %d kB after %d more%n",
                        before >> 10, WARM_UP, after >> 10, STEPS);
                assertTrue(
                        after - before < MAX_GROWTH_BYTES,
                        "resident memory outside the JVM's heap, code cache and metaspace grew by "
                                + ((after - before) >> 10) + " kB over " + STEPS + " training steps");
                assertEquals(1, backend.openModules(), "the backend holds the compiled model");
            }
            assertEquals(0, backend.openModules(), "a closed model must leave the backend");
        }
    }

    /**
     * VmRSS minus what the JVM has committed for its heap (garbage there is not a native leak) and for
     * its code cache and class metadata (the JIT keeps compiling for a while), once it has settled: ND4J frees the native memory of collected arrays on its own deallocator threads, after
     * the collection, so a reading straight after System.gc() still counts memory about to be freed.
     */
    private static long nativeBytes() throws IOException, InterruptedException {
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(300);
            MemoryMXBean jvm = ManagementFactory.getMemoryMXBean();
            long now = rss()
                    - jvm.getHeapMemoryUsage().getCommitted()
                    - jvm.getNonHeapMemoryUsage().getCommitted();
            if (Math.abs(last - now) < (1L << 20)) {
                return now;
            }
            last = now;
        }
        return last;
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
