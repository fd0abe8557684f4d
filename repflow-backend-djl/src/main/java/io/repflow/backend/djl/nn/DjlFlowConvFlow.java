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
import io.repflow.api.FlowConvFlowConfig;
import io.repflow.api.FusionConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flow-Conv-Flow (paper Table 5) as a DJL block: {@code [B,C,T,H,W]} in, {@code [B,C,T-2,H,W]} out.
 * 1x1 conv to C1', normalisation, flow 1, conv to C2' + BN + ReLU, normalisation, flow 2, conv back
 * to C + BN, fusion with RGB frames 0..T-3, ReLU. Parameters carry the repflow names
 * ({@code reduce.weight, flow1.*, mid.weight, mid_bn.*, flow2.*, out.weight, bn.*, fusion.*}).
 */
public final class DjlFlowConvFlow extends AbstractBlock {

    private static final byte VERSION = 1;

    private final FlowConvFlowConfig config;
    private final Map<String, Parameter> named = new LinkedHashMap<>();
    private final Parameter reduce;
    private final DjlFlowLayer flow1;
    private final Parameter mid;
    private final DjlBatchNormParameters midBn;
    private final DjlFlowLayer flow2;
    private final Parameter out;
    private final DjlBatchNormParameters bn;
    private final DjlFusion fusion;

    public DjlFlowConvFlow(FlowConvFlowConfig config) {
        super(VERSION);
        this.config = config;
        int c = config.inChannels();
        int r1 = config.first().channels();
        int r2 = config.second().channels();
        reduce = addParameter(DjlParameters.typed(
                "reduce.weight", Parameter.Type.WEIGHT, io.repflow.api.Shape.of(r1, c, 1, 1), true));
        named.put("reduce.weight", reduce);
        flow1 = addChildBlock("flow1", new DjlFlowLayer(config.first()));
        flow1.namedParameters().forEach((key, p) -> named.put("flow1." + key, p));
        int mk = config.midKernel();
        mid = addParameter(DjlParameters.typed(
                "mid.weight", Parameter.Type.WEIGHT, io.repflow.api.Shape.of(r2, 2 * r1, mk, mk), true));
        named.put("mid.weight", mid);
        midBn = DjlBatchNormParameters.create("mid_bn", r2, config.batchNorm(), this::addParameter, named);
        flow2 = addChildBlock("flow2", new DjlFlowLayer(config.second()));
        flow2.namedParameters().forEach((key, p) -> named.put("flow2." + key, p));
        int ok = config.outKernel();
        out = addParameter(DjlParameters.typed(
                "out.weight", Parameter.Type.WEIGHT, io.repflow.api.Shape.of(c, 2 * r2, ok, ok), true));
        named.put("out.weight", out);
        bn = DjlBatchNormParameters.create("bn", c, config.batchNorm(), this::addParameter, named);
        fusion = addChildBlock("fusion", new DjlFusion(new FusionConfig(config.fusion(), c)));
        fusion.namedParameters().forEach((key, p) -> named.put("fusion." + key, p));
    }

    public FlowConvFlowConfig config() {
        return config;
    }

    /** Every parameter and buffer by repflow name, in {@link FlowConvFlowConfig#parameterShapes()} order. */
    public Map<String, Parameter> namedParameters() {
        return Collections.unmodifiableMap(named);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        if (s.dimension() != 5 || s.get(1) != config.inChannels() || s.get(2) < 3) {
            throw new IllegalArgumentException(
                    "Flow-Conv-Flow needs [B, " + config.inChannels() + ", T >= 3, H, W], got " + s);
        }
        long b = s.get(0);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray reduced = DjlBlockOps.convPerFrame(x, DjlBlockOps.value(store, reduce, x, training), null);
            NDArray[] pairs1 = DjlBlockOps.framePairs(DjlBlockOps.normalisePerClip(reduced));
            NDArray u1 = DjlBlockOps.toClips(flow1.flow(store, pairs1[0], pairs1[1], training), b);
            NDArray m = Activation.relu(midBn.apply(
                    store, DjlBlockOps.convPerFrame(u1, DjlBlockOps.value(store, mid, x, training), null), training));
            NDArray[] pairs2 = DjlBlockOps.framePairs(DjlBlockOps.normalisePerClip(m));
            NDArray u2 = DjlBlockOps.toClips(flow2.flow(store, pairs2[0], pairs2[1], training), b);
            NDArray rep = bn.apply(
                    store, DjlBlockOps.convPerFrame(u2, DjlBlockOps.value(store, out, x, training), null), training);
            NDArray fused = config.fusion().fusesFeatures() ? fusion.fuse(store, x, rep, training) : rep;
            NDArray result = Activation.relu(fused);
            NDScope.unregister(result);
            return new NDList(result);
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape pair1 = new Shape(1, config.first().channels(), 2, 2);
        flow1.initialize(manager, dataType, pair1, pair1);
        Shape pair2 = new Shape(1, config.second().channels(), 2, 2);
        flow2.initialize(manager, dataType, pair2, pair2);
        Shape clip = new Shape(1, config.inChannels(), 1, 2, 2);
        fusion.initialize(manager, dataType, clip, clip);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), s.get(1), s.get(2) - 2, s.get(3), s.get(4))};
    }

    @Override
    public String toString() {
        return "DjlFlowConvFlow(" + config + ")";
    }
}
