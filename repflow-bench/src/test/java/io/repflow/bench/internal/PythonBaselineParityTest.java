package io.repflow.bench.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.repflow.api.FlowConfig;
import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.reference.DoubleTensor;
import io.repflow.reference.ReferenceBackendProvider;
import io.repflow.reference.SeededInputs;
import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.Backends;
import io.repflow.spi.FlowLayer;
import io.repflow.spi.Gradients;
import io.repflow.tck.FlowForwardContract;
import io.repflow.tck.FlowGradientContract;
import io.repflow.tck.Subject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The PyTorch baseline must time the same layer the backends compute: its output and every gradient
 * (both inputs and the seven learnable parameters) equal the TCK's float64 reference within the
 * tolerances the TCK allows a float32 backend.
 */
class PythonBaselineParityTest {

    private static final List<String> LEARNED = List.of("theta", "lambda", "tau", "fx", "fy", "dx", "dy");

    @ParameterizedTest(name = "N={0} C={1} {2}x{3}, {4} iterations")
    @CsvSource({"2, 3, 9, 11, 1", "1, 2, 16, 16, 10", "2, 4, 14, 14, 20"})
    void baselineComputesTheReferenceLayer(int n, int c, int h, int w, int iterations, @TempDir Path dir)
            throws IOException {
        HostTensor[] pair = SeededInputs.framePairs(31 + iterations, n, c, h, w);
        HostTensor grad = HostTensor.normal(5, 1f, n, 2 * c, h, w);
        pair[0].writeNpy(dir.resolve("f1.npy"));
        pair[1].writeNpy(dir.resolve("f2.npy"));
        grad.writeNpy(dir.resolve("grad.npy"));
        new PythonBaseline(PythonBaselineTimingTest.python(), dir).check(dir, iterations);

        try (Backend reference = Backends.load().open(ReferenceBackendProvider.ID, BackendConfig.DEFAULT)) {
            FlowLayer layer = reference.flowLayer(FlowConfig.of(c).withIterations(iterations));
            assertEquals(
                    new java.util.HashSet<>(LEARNED),
                    layer.trainableParameters(),
                    "the baseline learns the default set");
            List<HostTensor> inputs = List.of(pair[0], pair[1]);
            HostTensor u = layer.forward(Mode.EVAL, inputs);
            Gradients g = layer.backward(Mode.EVAL, inputs, grad);
            Subject subject = new Subject(
                    "pytorch-baseline",
                    "PythonBaselineParityTest",
                    pair[0].shape(),
                    31 + iterations,
                    iterations + " iterations");

            FlowForwardContract.FORWARD.assertClose(
                    subject, "u", HostTensor.readNpy(dir.resolve("u.npy")), DoubleTensor.of(u));
            FlowGradientContract.GRADIENT.assertClose(
                    subject, "dF1", HostTensor.readNpy(dir.resolve("grad_f1.npy")), DoubleTensor.of(g.input(0)));
            FlowGradientContract.GRADIENT.assertClose(
                    subject, "dF2", HostTensor.readNpy(dir.resolve("grad_f2.npy")), DoubleTensor.of(g.input(1)));
            for (String name : LEARNED) {
                HostTensor python = HostTensor.readNpy(dir.resolve("grad_" + name + ".npy"));
                HostTensor expected = g.parameter(name);
                FlowGradientContract.GRADIENT.assertClose(
                        subject, "d" + name, python.reshape(expected.dims()), DoubleTensor.of(expected));
            }
        }
    }
}
