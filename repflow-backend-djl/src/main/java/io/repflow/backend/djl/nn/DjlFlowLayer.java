package io.repflow.backend.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.repflow.api.FlowConfig;
import io.repflow.api.FlowParameter;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The representation-flow layer (design rules 2.1–2.12) as a DJL block: input {@code NDList(F1, F2)}, each
 * {@code [N,C,H,W]}; output {@code u [N,2C,H,W]}, x-flow channels first. Its DJL {@link Parameter}s
 * are the flow parameters {@code theta, lambda, tau, fx, fy, dx, dy, gx, gy}, initialised to the
 * configured values; the groups outside {@link FlowConfig#learnable()} are frozen
 * ({@code requiresGradient() == false}), and {@link Parameter#freeze} changes that as usual.
 *
 * <pre>{@code
 * DjlFlowLayer flow = new DjlFlowLayer(FlowConfig.of(32));
 * flow.initialize(manager, DataType.FLOAT32, new Shape(8, 32, 28, 28), new Shape(8, 32, 28, 28));
 * NDArray u = flow.forward(new ParameterStore(manager, false), new NDList(f1, f2), false).singletonOrThrow();
 * }</pre>
 */
public final class DjlFlowLayer extends AbstractBlock {

    private static final byte VERSION = 1;

    private final FlowConfig config;
    private final Map<FlowParameter, Parameter> flowParameters = new EnumMap<>(FlowParameter.class);

    public DjlFlowLayer(FlowConfig config) {
        super(VERSION);
        this.config = config;
        Map<String, io.repflow.api.HostTensor> initial = config.initialParameters();
        for (FlowParameter p : FlowParameter.values()) {
            flowParameters.put(
                    p,
                    addParameter(DjlParameters.fixed(
                            p.key(), Parameter.Type.OTHER, initial.get(p.key()), config.learns(p))));
        }
    }

    public FlowConfig config() {
        return config;
    }

    /** The DJL parameter behind a flow parameter. */
    public Parameter parameter(FlowParameter p) {
        return flowParameters.get(p);
    }

    /** The parameters by repflow name ({@code theta}, ..., {@code gy}), in the API's order. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        flowParameters.forEach((p, param) -> out.put(p.key(), param));
        return Collections.unmodifiableMap(out);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException("the flow layer takes NDList(F1, F2), got " + inputs.size() + " arrays");
        }
        NDArray f1 = inputs.get(0);
        NDArray f2 = inputs.get(1);
        checkInput(f1, f2);
        return new NDList(flow(store, f1, f2, training));
    }

    NDArray flow(ParameterStore store, NDArray f1, NDArray f2, boolean training) {
        return DjlFlowMath.flow(f1, f2, params(store, f1, training), config.iterations(), config.imageGradient());
    }

    private DjlFlowMath.Params params(ParameterStore store, NDArray f1, boolean training) {
        return new DjlFlowMath.Params(
                value(store, FlowParameter.THETA, f1, training),
                value(store, FlowParameter.LAMBDA, f1, training),
                value(store, FlowParameter.TAU, f1, training),
                value(store, FlowParameter.FX, f1, training),
                value(store, FlowParameter.FY, f1, training),
                value(store, FlowParameter.DX, f1, training),
                value(store, FlowParameter.DY, f1, training),
                value(store, FlowParameter.GX, f1, training),
                value(store, FlowParameter.GY, f1, training));
    }

    private NDArray value(ParameterStore store, FlowParameter p, NDArray like, boolean training) {
        return DjlParameters.value(store, flowParameters.get(p), like, training);
    }

    private void checkInput(NDArray f1, NDArray f2) {
        Shape s = f1.getShape();
        if (s.dimension() != 4
                || !s.equals(f2.getShape())
                || s.get(1) != config.channels()
                || s.get(2) < 2
                || s.get(3) < 2) {
            throw new IllegalArgumentException("the flow layer needs F1, F2 of equal shape [N, " + config.channels()
                    + ", H >= 2, W >= 2]; got F1 " + s + ", F2 " + f2.getShape());
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), 2 * s.get(1), s.get(2), s.get(3))};
    }

    @Override
    public String toString() {
        return "DjlFlowLayer(" + config.channels() + " channels, " + config.iterations() + " iterations, "
                + config.imageGradient() + ", learns " + config.learnable() + ")";
    }
}
