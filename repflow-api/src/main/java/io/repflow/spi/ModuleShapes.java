package io.repflow.spi;

import io.repflow.api.FlowBlockConfig;
import io.repflow.api.FlowConfig;
import io.repflow.api.FusionConfig;
import io.repflow.api.FusionMode;
import io.repflow.api.Shape;
import java.util.List;

/**
 * Input-shape rules and output shapes of the modules, in one place: the validating wrapper calls
 * them at the API edge and backends call them for {@link HostModule#outputShape}.
 */
public final class ModuleShapes {

    private ModuleShapes() {}

    /** F1, F2 {@code [N,C,H,W]}, equal shapes, C = channels, H and W at least 2 → {@code [N,2C,H,W]}. */
    public static Shape flowOutput(FlowConfig config, List<Shape> inputs) {
        arity("flow layer", inputs, 2, "F1, F2");
        Shape f1 = inputs.get(0);
        Shape f2 = inputs.get(1);
        rank("flow layer input F1", f1, 4, "[N, C, H, W]");
        rank("flow layer input F2", f2, 4, "[N, C, H, W]");
        if (!f1.equals(f2)) {
            throw new IllegalArgumentException(
                    "flow layer inputs differ in shape: F1 " + f1 + ", F2 " + f2 + "; they must be equal");
        }
        if (f1.dim(1) != config.channels()) {
            throw new IllegalArgumentException("flow layer input " + f1 + " has " + f1.dim(1)
                    + " channels but the layer was configured for " + config.channels());
        }
        spatial("flow layer input", f1, 2, 3);
        if (f1.dim(0) < 1) {
            throw new IllegalArgumentException("flow layer input " + f1 + " is empty; N must be >= 1");
        }
        return Shape.of(f1.dim(0), 2 * f1.dim(1), f1.dim(2), f1.dim(3));
    }

    /**
     * rgb {@code [B,C,T,H,W]} and flow {@code [B,C,T',H,W]} with T' &le; T → {@code [B,C,T',H,W]};
     * LATE: two equal shapes → that shape; NONE: the flow shape.
     */
    public static Shape fusionOutput(FusionConfig config, List<Shape> inputs) {
        arity("fusion " + config.mode(), inputs, 2, "rgb, flow");
        Shape rgb = inputs.get(0);
        Shape flow = inputs.get(1);
        if (config.mode() == FusionMode.LATE) {
            if (!rgb.equals(flow)) {
                throw new IllegalArgumentException(
                        "LATE fusion averages predictions of equal shape; got rgb " + rgb + ", flow " + flow);
            }
            return rgb;
        }
        rank("fusion rgb input", rgb, 5, "[B, C, T, H, W]");
        rank("fusion flow input", flow, 5, "[B, C, T', H, W]");
        if (rgb.dim(0) != flow.dim(0) || rgb.dim(3) != flow.dim(3) || rgb.dim(4) != flow.dim(4)) {
            throw new IllegalArgumentException(
                    "fusion inputs disagree in batch or spatial size: rgb " + rgb + ", flow " + flow);
        }
        if (rgb.dim(1) != config.channels() || flow.dim(1) != config.channels()) {
            throw new IllegalArgumentException(
                    "fusion configured for " + config.channels() + " channels got rgb " + rgb + ", flow " + flow);
        }
        if (flow.dim(2) > rgb.dim(2)) {
            throw new IllegalArgumentException("fusion flow input " + flow + " has more frames than rgb " + rgb);
        }
        return flow;
    }

    /** {@code [B,C,T,H,W]} with T &gt; framesDropped and H, W &ge; 2 → {@code [B,C,T-framesDropped,H,W]}. */
    public static Shape blockOutput(FlowBlockConfig config, List<Shape> inputs) {
        String what = config.framesDropped() == 2 ? "Flow-Conv-Flow block" : "rep-flow block";
        arity(what, inputs, 1, "x");
        Shape x = inputs.get(0);
        rank(what + " input", x, 5, "[B, C, T, H, W]");
        if (x.dim(1) != config.inChannels()) {
            throw new IllegalArgumentException(what + " input " + x + " has " + x.dim(1)
                    + " channels but the block was configured for " + config.inChannels());
        }
        if (x.dim(2) <= config.framesDropped()) {
            throw new IllegalArgumentException(what + " input " + x + " has T = " + x.dim(2) + " frames; at least "
                    + (config.framesDropped() + 1) + " are needed (each flow layer uses one frame pair step)");
        }
        if (x.dim(0) < 1) {
            throw new IllegalArgumentException(what + " input " + x + " is empty; B must be >= 1");
        }
        spatial(what + " input", x, 3, 4);
        return Shape.of(x.dim(0), x.dim(1), x.dim(2) - config.framesDropped(), x.dim(3), x.dim(4));
    }

    private static void arity(String what, List<Shape> inputs, int n, String names) {
        if (inputs == null || inputs.size() != n || inputs.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException(what + " takes " + n + " input" + (n == 1 ? "" : "s") + " (" + names
                    + "), got " + (inputs == null ? "none" : inputs));
        }
    }

    private static void rank(String what, Shape s, int rank, String layout) {
        if (s.rank() != rank) {
            throw new IllegalArgumentException(
                    what + " has shape " + s + " (rank " + s.rank() + "); expected rank " + rank + " " + layout);
        }
    }

    private static void spatial(String what, Shape s, int hAxis, int wAxis) {
        if (s.dim(hAxis) < 2 || s.dim(wAxis) < 2) {
            throw new IllegalArgumentException(
                    what + " " + s + " is too small: H and W must be >= 2 for image gradients");
        }
    }
}
