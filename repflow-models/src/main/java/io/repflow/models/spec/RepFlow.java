package io.repflow.models.spec;

import io.repflow.api.FlowBlockConfig;
import io.repflow.api.FusionMode;

/**
 * A representation-flow block or Flow-Conv-Flow from the API: {@code [B,C,T,H,W] ->
 * [B,C,T-block.framesDropped(),H,W]}, exactly the semantics of {@link FlowBlockConfig} (and of
 * {@code Backend.flowBlock}). Its parameters are the block's, prefixed by {@code name}
 * ({@code rep_flow.flow.theta}, {@code rep_flow.out.weight}, {@code rep_flow.bn.running_var}).
 * The fusion must not be LATE: late fusion is a model-level {@link LateFusion} of two networks.
 */
public record RepFlow(String name, FlowBlockConfig block) implements Layer {

    public RepFlow {
        Names.segment("RepFlow", name);
        if (block == null) {
            throw new IllegalArgumentException("RepFlow '" + name + "' block config is missing (null)");
        }
        if (block.fusion() == FusionMode.LATE) {
            throw new IllegalArgumentException("RepFlow '" + name + "' has fusion LATE; late fusion is two networks "
                    + "(LateFusion of an RGB and a flow network, the flow network's block using NONE)");
        }
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
