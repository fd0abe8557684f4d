package io.repflow.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.FlowConfig;
import io.repflow.api.FlowParameter;
import io.repflow.api.ImageGradient;
import io.repflow.api.Learnable;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java reference against an independent float64 PyTorch implementation differentiated by
 * autograd (src/test/python/flow_reference.py wrote the fixtures): forward and every gradient.
 */
class ReferenceFlowTorchTest {

    private static final double TOL = 1e-9;

    @ParameterizedTest
    @ValueSource(strings = {"central_small", "central_w2", "sobel_small", "central_long"})
    void matchesTorchAutograd(String name) throws IOException {
        Path dir = Fixtures.dir("torch/" + name);
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve("case.txt"))) {
            props.load(r);
        }
        DoubleTensor f1 = Fixtures.npy64(dir.resolve("f1.npy"));
        DoubleTensor f2 = Fixtures.npy64(dir.resolve("f2.npy"));
        FlowConfig config = FlowConfig.builder()
                .channels(f1.dim(1))
                .iterations(Integer.parseInt(props.getProperty("iterations")))
                .imageGradient(ImageGradient.valueOf(props.getProperty("imageGradient")))
                .learnable(Learnable.all())
                .build();
        ReferenceFlow flow = new ReferenceFlow(config);
        for (FlowParameter p : FlowParameter.values()) {
            flow.setParameter(
                    p,
                    Fixtures.npy64(dir.resolve("param_" + p.key() + ".npy"))
                            .reshape(p.shape(config).dims()));
        }
        assertNear("u", flow.forward(f1, f2), Fixtures.npy64(dir.resolve("u.npy")));
        ReferenceFlow.FlowGradients g = flow.backward(f1, f2, Fixtures.npy64(dir.resolve("grad_u.npy")));
        assertNear("dL/dF1", g.f1(), Fixtures.npy64(dir.resolve("grad_f1.npy")));
        assertNear("dL/dF2", g.f2(), Fixtures.npy64(dir.resolve("grad_f2.npy")));
        for (FlowParameter p : FlowParameter.values()) {
            DoubleTensor expected = Fixtures.npy64(dir.resolve("grad_" + p.key() + ".npy"));
            assertNear(
                    "dL/d" + p.key(),
                    g.parameters().get(p.key()),
                    expected.reshape(p.shape(config).dims()));
        }
    }

    private static void assertNear(String what, DoubleTensor actual, DoubleTensor expected) {
        assertTrue(
                actual.shape().equals(expected.shape()),
                what + ": shape " + actual.shape() + " vs " + expected.shape());
        double scale = 0;
        double worst = 0;
        int at = 0;
        for (int i = 0; i < actual.size(); i++) {
            scale = Math.max(scale, Math.abs(expected.get(i)));
            double d = Math.abs(actual.get(i) - expected.get(i));
            if (d > worst) {
                worst = d;
                at = i;
            }
        }
        double bound = TOL * Math.max(1, scale);
        assertTrue(
                worst <= bound,
                what + ": max |diff| " + worst + " at flat " + at + " (actual " + actual.get(at) + ", expected "
                        + expected.get(at) + ") exceeds " + bound);
    }
}
