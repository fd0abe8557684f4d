package io.repflow.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.repflow.api.FlowBlockConfig;
import io.repflow.api.FlowConfig;
import io.repflow.api.FlowParameter;
import io.repflow.api.FusionMode;
import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import io.repflow.reference.ReferenceFlowBlock;
import io.repflow.reference.SeededInputs;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.Capability;
import io.repflow.spi.FlowBlock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the rep-flow block and Flow-Conv-Flow contracts share: parameter naming and seeded
 * initialisation; forward parity in TRAIN and EVAL with the running statistics it updates;
 * gradient parity; and a backward pass that leaves the running statistics alone (docs/design.md, rules
 * 4.1–4.7, held as rules 7.2–7.4 say).
 */
public abstract class AbstractFlowBlockContract extends BackendContract {

    /** Through per-clip normalisation, flow, conv and batch norm in float32. */
    public static final Tolerance BLOCK_FORWARD = Tolerance.of(2e-4, 2e-4);

    public static final Tolerance BLOCK_BUFFERS = Tolerance.of(1e-5, 1e-5);
    /** Input gradients pass the TV-L1 thresholds of many frame pairs: a few may fall the other way in float32. */
    public static final Tolerance BLOCK_INPUT_GRADIENT =
            Tolerance.scaled(2e-3, 2e-3).allowingOutliers(1e-2);

    public static final Tolerance BLOCK_PARAMETER_GRADIENT = Tolerance.scaled(2e-2, 1e-2);

    protected static final int B = 2;
    protected static final int C = 6;
    protected static final int H = 6;
    protected static final int W = 7;

    protected AbstractFlowBlockContract(String backendId) {
        super(backendId);
    }

    /** The block under test. */
    protected abstract FlowBlockConfig config(FusionMode fusion, int kernel);

    /** Frames of the test clip. */
    protected abstract int frames();

    static Stream<Arguments> variants() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (FusionMode f : FusionMode.values()) {
            b.add(Arguments.of(f, 3));
        }
        b.add(Arguments.of(FusionMode.ADD, 1));
        b.add(Arguments.of(FusionMode.CONCAT, 1));
        return b.build();
    }

    @Test
    public void parametersAreNamedShapedAndInitialisedFromTheSeed() {
        for (FusionMode fusion : FusionMode.values()) {
            FlowBlockConfig config = config(fusion, 3);
            try (FlowBlock block = backend().flowBlock(config)) {
                assertEquals(
                        config.parameterShapes(),
                        block.parameterShapes(),
                        backendId() + ": parameter shapes with " + fusion);
                assertEquals(
                        config.trainableParameters(),
                        block.trainableParameters(),
                        backendId() + ": trainable parameters with " + fusion);
                Map<String, HostTensor> expected = config.initialParameters(BackendConfig.DEFAULT.seed());
                expected.forEach((name, value) -> assertEquals(
                        value,
                        block.parameter(name),
                        backendId() + ": initial value of '" + name + "' with " + fusion
                                + " (FlowBlockConfig.initialParameters(seed))"));
            }
        }
    }

    @ParameterizedTest(name = "{0}, {1}x{1} convs")
    @MethodSource("io.repflow.tck.AbstractFlowBlockContract#variants")
    public void forwardMatchesReference(FusionMode fusion, int kernel) {
        FlowBlockConfig config = config(fusion, kernel);
        HostTensor x = SeededInputs.clip(61, B, C, frames(), H, W);
        for (Mode mode : Mode.values()) {
            try (FlowBlock block = backend().flowBlock(config)) {
                ReferenceFlowBlock reference = new ReferenceFlowBlock(config, config.initialParameters(0));
                ModuleParity.load(values(config), block, reference);
                Subject s =
                        subject("forwardMatchesReference", x.shape(), 61, fusion + ", kernel " + kernel + ", " + mode);
                ModuleParity.forward(s, block, reference, mode, List.of(x), BLOCK_FORWARD);
                ModuleParity.buffers(s, block, reference, config.buffers(), BLOCK_BUFFERS);
            }
        }
    }

    @ParameterizedTest(name = "{0}, {1}x{1} convs")
    @MethodSource("io.repflow.tck.AbstractFlowBlockContract#variants")
    public void backwardMatchesReference(FusionMode fusion, int kernel) {
        optional(Capability.GRADIENTS, "the block's backward pass");
        FlowBlockConfig config = config(fusion, kernel);
        HostTensor x = SeededInputs.clip(62, B, C, frames(), H, W);
        for (Mode mode : Mode.values()) {
            try (FlowBlock block = backend().flowBlock(config)) {
                ReferenceFlowBlock reference = new ReferenceFlowBlock(config, config.initialParameters(0));
                ModuleParity.load(values(config), block, reference);
                HostTensor grad = SeededInputs.normal(63, block.outputShape(List.of(x.shape())), 1);
                ModuleParity.backward(
                        subject("backwardMatchesReference", x.shape(), 62, fusion + ", kernel " + kernel + ", " + mode),
                        block,
                        reference,
                        mode,
                        List.of(x),
                        grad,
                        BLOCK_INPUT_GRADIENT,
                        BLOCK_PARAMETER_GRADIENT);
            }
        }
    }

    @Test
    public void backwardLeavesRunningStatisticsAlone() {
        optional(Capability.GRADIENTS, "the block's backward pass");
        FlowBlockConfig config = config(FusionMode.ADD, 3);
        HostTensor x = SeededInputs.clip(64, B, C, frames(), H, W);
        try (FlowBlock block = backend().flowBlock(config)) {
            block.setParameters(values(config));
            Map<String, HostTensor> before = new LinkedHashMap<>();
            config.buffers().forEach(n -> before.put(n, block.parameter(n)));
            block.backward(Mode.TRAIN, List.of(x), SeededInputs.normal(65, block.outputShape(List.of(x.shape())), 1));
            before.forEach((n, v) ->
                    assertEquals(v, block.parameter(n), backendId() + ": '" + n + "' changed by a backward pass"));
        }
    }

    /** Seeded weights plus non-trivial flow parameters, batch-norm affine terms and running statistics. */
    protected Map<String, HostTensor> values(FlowBlockConfig config) {
        Map<String, HostTensor> v = new LinkedHashMap<>(config.initialParameters(66));
        long seed = 67;
        for (Map.Entry<String, Shape> e : config.parameterShapes().entrySet()) {
            String name = e.getKey();
            int dot = name.indexOf('.');
            FlowConfig flow = config.flowConfigOf(name.substring(0, Math.max(0, dot)));
            if (flow != null) {
                FlowParameter p = FlowParameter.fromKey(name.substring(dot + 1));
                v.put(
                        name,
                        SeededInputs.perturb(
                                seed++,
                                p.initial(flow),
                                p.group() == io.repflow.api.Learnable.IMAGE_GRADIENT ? 0.01 : 0.02));
            } else if (name.endsWith("running_var")
                    || (name.endsWith(".weight") && e.getValue().rank() == 1)) {
                v.put(name, positive(seed++, e.getValue()));
            } else if (name.endsWith(".bias") || name.endsWith("running_mean")) {
                v.put(name, SeededInputs.normal(seed++, e.getValue(), 0.3));
            }
        }
        return v;
    }

    private static HostTensor positive(long seed, Shape shape) {
        HostTensor n = SeededInputs.normal(seed, shape, 0.2);
        float[] d = n.toArray();
        for (int i = 0; i < d.length; i++) {
            d[i] = 1 + Math.abs(d[i]);
        }
        return HostTensor.wrap(d, shape);
    }
}
