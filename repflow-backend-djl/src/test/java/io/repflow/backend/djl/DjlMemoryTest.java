package io.repflow.backend.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.BatchNormConfig;
import io.repflow.api.FlowConfig;
import io.repflow.api.FusionMode;
import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.RepFlowBlockConfig;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.Capability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 1,000 forward+backward steps leave no array behind: the module's manager holds exactly its
 * parameters between calls, the backend's root manager holds nothing more at the end than after the
 * first step, and the process's resident memory does not grow past allocator noise.
 */
class DjlMemoryTest {

    private static final int STEPS = 1000;
    private static final int WARM_UP = 200;

    @Test
    void aThousandStepsDoNotGrowMemory() throws IOException {
        try (DjlBackend backend =
                DjlBackend.open(BackendConfig.DEFAULT, EnumSet.of(Capability.INFERENCE, Capability.GRADIENTS))) {
            // small on purpose: the point is the bookkeeping of 1,000 calls, not their arithmetic
            RepFlowBlockConfig config = new RepFlowBlockConfig(
                    2, FlowConfig.of(2).withIterations(1), 1, FusionMode.ADD, BatchNormConfig.DEFAULT);
            DjlFlowBlockModule block = (DjlFlowBlockModule) backend.flowBlock(config);
            HostTensor x = HostTensor.uniform(3, 0f, 1f, 1, 2, 2, 6, 6);
            HostTensor grad = HostTensor.normal(4, 1f, 1, 2, 1, 6, 6);
            int parameters = config.parameterShapes().size();

            step(block, x, grad);
            int rootAfterFirst = backend.liveArrays();
            long rssAfterWarmUp = 0;
            for (int i = 1; i < STEPS; i++) {
                step(block, x, grad);
                if (i == WARM_UP) {
                    rssAfterWarmUp = settledRssKb();
                }
            }
            long rssAtEnd = settledRssKb();
            assertEquals(
                    parameters, block.liveArrays(), "the module's manager holds only its parameters between calls");
            assertEquals(rootAfterFirst, backend.liveArrays(), "arrays accumulated in the backend's managers");
            long growthMb = (rssAtEnd - rssAfterWarmUp) / 1024;
            assertTrue(
                    growthMb < 64, "resident memory grew by " + growthMb + " MB over " + (STEPS - WARM_UP) + " steps");
        }
    }

    private static void step(DjlFlowBlockModule block, HostTensor x, HostTensor grad) {
        block.forward(Mode.TRAIN, List.of(x));
        block.backward(Mode.TRAIN, List.of(x), grad);
    }

    /** RSS after a full GC, so that Java heap growth is not mistaken for native memory. */
    private static long settledRssKb() throws IOException {
        System.gc();
        return rssKb();
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
