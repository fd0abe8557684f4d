package io.repflow.examples.classpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.FlowConfig;
import io.repflow.api.HostTensor;
import io.repflow.reference.DoubleTensor;
import io.repflow.reference.ReferenceFlow;
import io.repflow.reference.SeededInputs;
import io.repflow.tck.FlowForwardContract;
import io.repflow.tck.Subject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class-path application (this JVM is one): all three engines found and each equal to the float64 reference. */
class EveryEngineFlowTest {

    @TempDir
    Path dir;

    @Test
    void everyEngineOnTheClassPathComputesTheReferenceFlow() throws Exception {
        HostTensor[] f = SeededInputs.framePairs(31, 2, 2, 14, 18);
        f[0].writeNpy(dir.resolve("f1.npy"));
        f[1].writeNpy(dir.resolve("f2.npy"));
        List<String> ids = EveryEngineFlow.run(dir.resolve("f1.npy"), dir.resolve("f2.npy"), dir.resolve("out"), 8);
        // the reference is a test dependency here, so it is installed too (lowest priority: last)
        assertEquals(List.of("djl", "tf", "nd4j", "reference"), ids);

        FlowConfig config = FlowConfig.builder().channels(2).iterations(8).build();
        DoubleTensor expected = new ReferenceFlow(config).forward(DoubleTensor.of(f[0]), DoubleTensor.of(f[1]));
        for (String id : ids) {
            HostTensor u = HostTensor.readNpy(dir.resolve("out").resolve(id + ".npy"));
            FlowForwardContract.FORWARD.assertClose(
                    new Subject(id, "EveryEngineFlow on the class path", f[0].shape(), 31, "8 iterations"),
                    "u",
                    u,
                    expected);
            assertTrue(u.maxAbs() > 1e-3, id + ": the frames moved, the flow is not zero");
        }
    }
}
