package io.repflow.examples.jpms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.FlowConfig;
import io.repflow.api.HostTensor;
import io.repflow.reference.DoubleTensor;
import io.repflow.reference.ReferenceFlow;
import io.repflow.reference.SeededInputs;
import io.repflow.tck.FlowForwardContract;
import io.repflow.tck.Subject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Launches the application as a JPMS user would, {@code java -p MODULES -cp NATIVES -m
 * io.repflow.examples.jpms/...}, once per engine, and checks the flow it wrote against the float64
 * reference with the kit's forward tolerance. {@link Layout} says which jars go where.
 */
class ModulePathLaunchTest {

    private static final int ITERATIONS = 8;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Layout.class)
    void theApplicationModuleComputesTheReferenceFlow(Layout layout) throws Exception {
        HostTensor[] f = SeededInputs.framePairs(21, 2, 1, 16, 20);
        f[0].writeNpy(dir.resolve("f1.npy"));
        f[1].writeNpy(dir.resolve("f2.npy"));
        Path out = dir.resolve(layout.backend + ".npy");

        List<String> modulePath = new ArrayList<>();
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            switch (layout.place(entry)) {
                case MODULE_PATH -> modulePath.add(entry);
                case CLASS_PATH -> classPath.add(entry);
                case NEITHER -> {}
            }
        }
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-DOPT_OUT_TRACKING=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        cmd.addAll(layout.jvmOptions);
        cmd.addAll(List.of("-p", String.join(File.pathSeparator, modulePath)));
        if (!classPath.isEmpty()) {
            cmd.addAll(List.of("-cp", String.join(File.pathSeparator, classPath)));
        }
        cmd.addAll(List.of(
                "-m",
                "io.repflow.examples.jpms/" + TwoFrameFlow.class.getName(),
                layout.backend,
                dir.resolve("f1.npy").toString(),
                dir.resolve("f2.npy").toString(),
                out.toString(),
                Integer.toString(ITERATIONS)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the application did not finish");
        String launch = String.join(" ", cmd);
        assertEquals(0, p.exitValue(), launch + "\n" + printed);
        assertTrue(printed.contains("app-module io.repflow.examples.jpms"), printed);
        assertTrue(printed.contains("provider-module " + layout.providerModule), launch + "\n" + printed);
        assertTrue(printed.contains("backend " + layout.backend + " ("), printed);

        HostTensor u = HostTensor.readNpy(out);
        FlowConfig config =
                FlowConfig.builder().channels(1).iterations(ITERATIONS).build();
        DoubleTensor expected = new ReferenceFlow(config).forward(DoubleTensor.of(f[0]), DoubleTensor.of(f[1]));
        FlowForwardContract.FORWARD.assertClose(
                new Subject(layout.backend, "java -p ... -m io.repflow.examples.jpms", f[0].shape(), 21, layout.name()),
                "u",
                u,
                expected);
        assertTrue(u.maxAbs() > 1e-3, "the frames moved: the flow is not zero");
    }
}
