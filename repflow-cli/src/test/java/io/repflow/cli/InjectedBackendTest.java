package io.repflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.util.Modules;
import io.repflow.api.FlowConfig;
import io.repflow.api.HostTensor;
import io.repflow.api.Shape;
import io.repflow.reference.DoubleTensor;
import io.repflow.reference.ReferenceFlow;
import io.repflow.reference.SeededInputs;
import io.repflow.spi.BackendProvider;
import io.repflow.spi.Backends;
import io.repflow.tck.FlowForwardContract;
import io.repflow.tck.Subject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands take their backend from the injector: overriding CliModule's provider binding swaps the
 * engine under {@code repflow flow} (whatever {@code --backend} says) and the output is that engine's.
 */
class InjectedBackendTest {

    @TempDir
    Path dir;

    @Test
    void flowComputesOnTheBackendAnOverrideBinds() throws Exception {
        HostTensor[] f = SeededInputs.framePairs(11, 2, 3, 12, 14);
        f[0].writeNpy(dir.resolve("f1.npy"));
        f[1].writeNpy(dir.resolve("f2.npy"));
        Module referenceInstead = Modules.override(new CliModule()).with(new AbstractModule() {
            @Provides
            @Singleton
            BackendProvider reference(Backends backends) {
                return backends.find("reference").orElseThrow();
            }
        });

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int status;
        try (PrintStream captured = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            System.setOut(captured);
            status = Main.run(
                    referenceInstead,
                    new RepflowCommand(),
                    "flow",
                    "--npy",
                    dir.resolve("f1.npy").toString(),
                    dir.resolve("f2.npy").toString(),
                    "--iterations",
                    "10",
                    "--backend",
                    "djl",
                    "-o",
                    dir.resolve("out").toString());
        } finally {
            System.setOut(stdout);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, printed);
        assertTrue(printed.contains(" by reference ("), printed);

        HostTensor u = HostTensor.readNpy(dir.resolve("out/flow.npy"));
        assertEquals(Shape.of(2, 6, 12, 14), u.shape());
        FlowConfig config = FlowConfig.builder().channels(3).iterations(10).build();
        DoubleTensor expected = new ReferenceFlow(config).forward(DoubleTensor.of(f[0]), DoubleTensor.of(f[1]));
        FlowForwardContract.FORWARD.assertClose(
                new Subject("reference", "repflow flow under Modules.override", f[0].shape(), 11, "iterations 10"),
                "u",
                u,
                expected);
        assertTrue(u.maxAbs() > 1e-3, "the frames moved: flow is not zero");
    }
}
