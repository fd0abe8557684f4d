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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * repflow as an outside project sees it: {@code examples/outside-project/run.sh} installs the BOM and
 * repflow-backend-djl into a throw-away local repository, builds a project that depends on nothing else
 * and runs it; its flow must equal the float64 reference. Minutes long (it compiles the modules again),
 * so it runs with {@code -Poutside-project} only.
 */
@EnabledIfSystemProperty(
        named = "repflow.outside-project",
        matches = "true",
        disabledReason = "run with -Poutside-project")
class OutsideProjectTest {

    @TempDir
    Path dir;

    @Test
    void anOutsideProjectBuildsAgainstTheInstalledArtifactsAndComputesTheReferenceFlow() throws Exception {
        HostTensor[] f = SeededInputs.framePairs(41, 2, 2, 12, 16);
        f[0].writeNpy(dir.resolve("f1.npy"));
        f[1].writeNpy(dir.resolve("f2.npy"));
        Path script =
                Path.of("..", "outside-project", "run.sh").toAbsolutePath().normalize();
        List<String> cmd = List.of(
                "bash",
                script.toString(),
                dir.resolve("f1.npy").toString(),
                dir.resolve("f2.npy").toString(),
                dir.resolve("out").toString(),
                "8");
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("run.log").toFile())
                .start();
        assertTrue(p.waitFor(20, TimeUnit.MINUTES), "run.sh did not finish in 20 minutes");
        String log = Files.readString(dir.resolve("run.log"), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + log);
        // only what the outside project depends on is installed there: the one engine
        assertEquals(List.of("djl.npy"), List.of(dir.resolve("out").toFile().list()), log);

        HostTensor u = HostTensor.readNpy(dir.resolve("out").resolve("djl.npy"));
        FlowConfig config = FlowConfig.builder().channels(2).iterations(8).build();
        DoubleTensor expected = new ReferenceFlow(config).forward(DoubleTensor.of(f[0]), DoubleTensor.of(f[1]));
        FlowForwardContract.FORWARD.assertClose(
                new Subject("djl", "outside project (BOM + repflow-backend-djl)", f[0].shape(), 41, "8 iterations"),
                "u",
                u,
                expected);
        assertTrue(u.maxAbs() > 1e-3, "the frames moved: the flow is not zero");
        assertTrue(log.contains("djl ("), log);
    }
}
