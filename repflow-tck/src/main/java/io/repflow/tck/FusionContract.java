package io.repflow.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.repflow.api.FusionConfig;
import io.repflow.api.FusionMode;
import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.ParameterInit;
import io.repflow.api.Shape;
import io.repflow.reference.ReferenceFusion;
import io.repflow.reference.SeededInputs;
import io.repflow.spi.Capability;
import io.repflow.spi.Fusion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Required: every fusion mode (paper Table 4) computes what design rules 3.1 and 3.2 say, with the RGB features
 * cut to the flow's first frames; gradients held to backends that declare GRADIENTS.
 */
public abstract class FusionContract extends BackendContract {

    /** A few float32 multiply-adds per element. */
    public static final Tolerance FUSION = Tolerance.of(2e-5, 2e-5);

    public static final Tolerance FUSION_GRADIENT = Tolerance.scaled(2e-5, 2e-5);

    private static final int C = 6;

    protected FusionContract(String backendId) {
        super(backendId);
    }

    @ParameterizedTest
    @EnumSource(FusionMode.class)
    public void forwardMatchesReference(FusionMode mode) {
        FusionConfig config = new FusionConfig(mode, C);
        List<HostTensor> inputs = inputs(mode);
        try (Fusion fusion = backend().fusion(config)) {
            assertEquals(
                    config.parameterShapes(), fusion.parameterShapes(), backendId() + ": parameter shapes of " + mode);
            ReferenceFusion reference = new ReferenceFusion(config, weights(config));
            ModuleParity.load(weights(config), fusion, reference);
            ModuleParity.forward(
                    subject("forwardMatchesReference", inputs.get(0).shape(), 51, mode.toString()),
                    fusion,
                    reference,
                    Mode.TRAIN,
                    inputs,
                    FUSION);
        }
    }

    @ParameterizedTest
    @EnumSource(FusionMode.class)
    public void backwardMatchesReference(FusionMode mode) {
        optional(Capability.GRADIENTS, "the backward pass of fusion");
        FusionConfig config = new FusionConfig(mode, C);
        List<HostTensor> inputs = inputs(mode);
        try (Fusion fusion = backend().fusion(config)) {
            ReferenceFusion reference = new ReferenceFusion(config, weights(config));
            ModuleParity.load(weights(config), fusion, reference);
            HostTensor grad = SeededInputs.normal(
                    53,
                    fusion.outputShape(
                            List.of(inputs.get(0).shape(), inputs.get(1).shape())),
                    1);
            ModuleParity.backward(
                    subject("backwardMatchesReference", inputs.get(0).shape(), 51, mode.toString()),
                    fusion,
                    reference,
                    Mode.TRAIN,
                    inputs,
                    grad,
                    FUSION_GRADIENT,
                    FUSION_GRADIENT);
        }
    }

    private static List<HostTensor> inputs(FusionMode mode) {
        if (mode == FusionMode.LATE) {
            return List.of(SeededInputs.normal(51, Shape.of(3, 10), 2), SeededInputs.normal(52, Shape.of(3, 10), 2));
        }
        return List.of(SeededInputs.clip(51, 2, C, 4, 5, 7), SeededInputs.clip(52, 2, C, 3, 5, 7));
    }

    /** Non-trivial weights and biases. */
    private static Map<String, HostTensor> weights(FusionConfig config) {
        Map<String, HostTensor> w =
                new java.util.LinkedHashMap<>(ParameterInit.initialise(config.parameterShapes(), p -> null, 54));
        if (w.containsKey("bias")) {
            w.put("bias", SeededInputs.normal(55, w.get("bias").shape(), 0.5));
        }
        return w;
    }
}
