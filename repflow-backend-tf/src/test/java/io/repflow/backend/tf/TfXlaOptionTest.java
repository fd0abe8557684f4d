package io.repflow.backend.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.repflow.api.FlowConfig;
import io.repflow.api.HostTensor;
import io.repflow.reference.DoubleTensor;
import io.repflow.reference.SeededInputs;
import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.Backends;
import io.repflow.spi.Gradients;
import io.repflow.tck.Subject;
import io.repflow.tck.Tolerance;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tf.xla option: the layer's output and gradients under XLA's CPU JIT equal those of the plain graphs. */
class TfXlaOptionTest {

    private static final FlowConfig LAYER = FlowConfig.of(4).withIterations(5);

    @Test
    void xlaGivesTheSameOutputAndGradients() {
        HostTensor[] pair = SeededInputs.framePairs(7, 2, 4, 9, 8);
        HostTensor gradU = HostTensor.normal(8, 1f, 2, 8, 9, 8);
        HostTensor plainU;
        Gradients plain;
        try (Backend b = Backends.open(new TfBackendProvider(), BackendConfig.DEFAULT)) {
            plainU = b.flowLayer(LAYER).forward(pair[0], pair[1]);
            plain = b.flowLayer(LAYER).backward(pair[0], pair[1], gradU);
        }
        BackendConfig on =
                new BackendConfig(BackendConfig.DEFAULT.device(), 0, 42L, Map.of(TfBackend.XLA_OPTION, "on"));
        try (Backend b = Backends.open(new TfBackendProvider(), on)) {
            close(plainU, b.flowLayer(LAYER).forward(pair[0], pair[1]), "u");
            Gradients jit = b.flowLayer(LAYER).backward(pair[0], pair[1], gradU);
            assertEquals(plain.inputs().size(), jit.inputs().size());
            for (int i = 0; i < plain.inputs().size(); i++) {
                close(plain.input(i), jit.input(i), "input " + i);
            }
            assertEquals(plain.parameters().keySet(), jit.parameters().keySet());
            plain.parameters().forEach((name, g) -> close(g, jit.parameter(name), name));
        }
    }

    @Test
    void refusesAnotherValue() {
        BackendConfig yes =
                new BackendConfig(BackendConfig.DEFAULT.device(), 0, 42L, Map.of(TfBackend.XLA_OPTION, "yes"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TfBackend.xla(yes));
        assertEquals("backend option tf.xla = 'yes' is not one of: on, off", e.getMessage());
    }

    /** Equal up to float32 reordering (fused kernels sum in another order): the kit's scaled tolerance. */
    private static void close(HostTensor expected, HostTensor actual, String what) {
        Tolerance.scaled(1e-4, 0)
                .assertClose(
                        new Subject("tf", "tf.xla=on against plain graphs", expected.shape(), 7, "5 iterations"),
                        what,
                        actual,
                        DoubleTensor.of(expected),
                        1e-30);
    }
}
