package io.repflow.backend.djl.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Operands that autograd keeps for the backward pass must survive the Java arrays they came from: the
 * test closes them, collects garbage and refills freed native memory with NaN before running backward.
 */
class DjlOwnedArraysTest {

    private static final int N = 4096;

    @Test
    void aConstantFactorSurvivesUntilBackward() {
        float[] grad = gradientAfterChurn((x, m) -> x.mul(DjlOwnedArrays.scalar(x, 0.5)));
        float[] expected = new float[N];
        Arrays.fill(expected, 0.5f);
        assertArrayEquals(expected, grad);
    }

    @Test
    void aHostMaskSurvivesUntilBackward() {
        float[] mask = new float[N];
        for (int i = 0; i < N; i++) {
            mask[i] = i % 3;
        }
        float[] grad = gradientAfterChurn((x, m) -> x.mul(DjlOwnedArrays.copyOf(m, mask, new Shape(N))));
        assertArrayEquals(mask, grad);
    }

    private static float[] gradientAfterChurn(BiFunction<NDArray, NDManager, NDArray> op) {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray x = manager.ones(new Shape(N));
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray y;
                try (NDManager temporaries = manager.newSubManager()) {
                    y = op.apply(x, temporaries).sum();
                    y.attach(manager);
                }
                churn();
                collector.backward(y);
            }
            return x.getGradient().toFloatArray();
        }
    }

    /** Lets the collector free closed arrays' buffers, then reuses that memory for NaN-filled buffers. */
    private static void churn() {
        List<ByteBuffer> keep = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            System.gc();
            for (int i = 0; i < 200; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(4 * N).order(java.nio.ByteOrder.nativeOrder());
                while (b.remaining() >= 4) {
                    b.putFloat(Float.NaN);
                }
                keep.add(b);
            }
        }
        keep.clear();
    }
}
