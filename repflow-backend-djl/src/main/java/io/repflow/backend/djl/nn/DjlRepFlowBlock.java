package io.repflow.backend.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.repflow.api.FusionConfig;
import io.repflow.api.RepFlowBlockConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The representation-flow block (design rules 4.1–4.3) as a DJL block: clip features {@code [B,C,T,H,W]} in,
 * {@code [B,C,T-1,H,W]} out. 1x1 conv to C', per-clip normalisation to [0, 255], the flow layer on
 * frame pairs, k x k conv back to C with batch norm, fusion with the RGB features of frames 0..T-2,
 * ReLU. With fusion LATE or NONE the block returns the flow branch only (LATE fuses predictions).
 * Parameters carry the repflow names ({@code reduce.weight}, {@code flow.theta}, {@code bn.running_mean} ...).
 */
public final class DjlRepFlowBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final RepFlowBlockConfig config;
    private final Map<String, Parameter> named = new LinkedHashMap<>();
    private final Parameter reduce;
    private final DjlFlowLayer flow;
    private final Parameter out;
    private final DjlBatchNormParameters bn;
    private final DjlFusion fusion;

    public DjlRepFlowBlock(RepFlowBlockConfig config) {
        super(VERSION);
        this.config = config;
        int c = config.inChannels();
        int r = config.reducedChannels();
        int k = config.outKernel();
        reduce = addParameter(
                DjlParameters.typed("reduce.weight", Parameter.Type.WEIGHT, io.repflow.api.Shape.of(r, c, 1, 1), true));
        named.put("reduce.weight", reduce);
        flow = addChildBlock("flow", new DjlFlowLayer(config.flow()));
        flow.namedParameters().forEach((key, p) -> named.put("flow." + key, p));
        out = addParameter(DjlParameters.typed(
                "out.weight", Parameter.Type.WEIGHT, io.repflow.api.Shape.of(c, 2 * r, k, k), true));
        named.put("out.weight", out);
        bn = DjlBatchNormParameters.create("bn", c, config.batchNorm(), this::addParameter, named);
        fusion = addChildBlock("fusion", new DjlFusion(new FusionConfig(config.fusion(), c)));
        fusion.namedParameters().forEach((key, p) -> named.put("fusion." + key, p));
    }

    public RepFlowBlockConfig config() {
        return config;
    }

    /** Every parameter and buffer by repflow name, in {@link RepFlowBlockConfig#parameterShapes()} order. */
    public Map<String, Parameter> namedParameters() {
        return Collections.unmodifiableMap(named);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        if (s.dimension() != 5 || s.get(1) != config.inChannels() || s.get(2) < 2) {
            throw new IllegalArgumentException(
                    "the rep-flow block needs [B, " + config.inChannels() + ", T >= 2, H, W], got " + s);
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray reduced = DjlBlockOps.convPerFrame(x, DjlBlockOps.value(store, reduce, x, training), null);
            NDArray normalised = DjlBlockOps.normalisePerClip(reduced);
            NDArray[] pairs = DjlBlockOps.framePairs(normalised);
            NDArray u = DjlBlockOps.toClips(flow.flow(store, pairs[0], pairs[1], training), s.get(0));
            NDArray rep = bn.apply(
                    store, DjlBlockOps.convPerFrame(u, DjlBlockOps.value(store, out, x, training), null), training);
            NDArray fused = config.fusion().fusesFeatures() ? fusion.fuse(store, x, rep, training) : rep;
            NDArray result = Activation.relu(fused);
            NDScope.unregister(result);
            return new NDList(result);
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape pair = new Shape(1, config.reducedChannels(), 2, 2);
        flow.initialize(manager, dataType, pair, pair);
        Shape clip = new Shape(1, config.inChannels(), 1, 2, 2);
        fusion.initialize(manager, dataType, clip, clip);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), s.get(1), s.get(2) - 1, s.get(3), s.get(4))};
    }

    @Override
    public String toString() {
        return "DjlRepFlowBlock(" + config + ")";
    }
}
