package io.repflow.bench;

import io.repflow.api.FusionMode;
import io.repflow.api.Shape;
import io.repflow.models.arch.FlowBlockKind;
import io.repflow.models.arch.FlowPlacement;
import io.repflow.models.arch.ResNetDepth;
import io.repflow.models.arch.ResNetKind;
import io.repflow.models.arch.ResNets;
import io.repflow.models.spec.ClipShape;
import io.repflow.models.spec.ModelSpec;
import java.util.Locale;

/**
 * The networks of the end-to-end benchmark: the paper's 2D ResNets (per frame, predictions averaged
 * over time) with the representation-flow block after stage 3 (C' = 32, 20 iterations, ADD fusion,
 * 3x3 output conv), the Flow-Conv-Flow variant, and the two streams of the two-stream baseline — an
 * RGB network and a flow network that reads the 2-channel TV-L1 flow of the clip's frame pairs.
 * HMDB-51's 51 classes.
 */
public enum PaperModel {
    REPFLOW_R34("repflow-r34", "rep-flow ResNet-34", Role.REP_FLOW, ResNetDepth.R34),
    REPFLOW_R50("repflow-r50", "rep-flow ResNet-50", Role.REP_FLOW, ResNetDepth.R50),
    FCF_R34("fcf-r34", "FcF ResNet-34", Role.REP_FLOW, ResNetDepth.R34),
    RGB_R34("rgb-r34", "RGB stream ResNet-34", Role.RGB_STREAM, ResNetDepth.R34),
    FLOW_R34("flow-r34", "flow stream ResNet-34", Role.FLOW_STREAM, ResNetDepth.R34),
    RGB_R50("rgb-r50", "RGB stream ResNet-50", Role.RGB_STREAM, ResNetDepth.R50),
    FLOW_R50("flow-r50", "flow stream ResNet-50", Role.FLOW_STREAM, ResNetDepth.R50);

    /** HMDB-51. */
    public static final int CLASSES = 51;

    /** What a network does in the comparison. */
    public enum Role {
        /** One network that learns its motion representation from RGB. */
        REP_FLOW,
        /** The RGB network of a two-stream pair. */
        RGB_STREAM,
        /** The optical-flow network of a two-stream pair; its input is TV-L1 flow. */
        FLOW_STREAM
    }

    private final String id;
    private final String label;
    private final Role role;
    private final ResNetDepth depth;

    PaperModel(String id, String label, Role role, ResNetDepth depth) {
        this.id = id;
        this.label = label;
        this.role = role;
        this.depth = depth;
    }

    /** {@code repflow-r34}: the JMH parameter value. */
    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    public Role role() {
        return role;
    }

    public ResNetDepth depth() {
        return depth;
    }

    /** The spec for this video: RGB clips of its frames, or for a flow stream 2-channel flow of its frame pairs. */
    public ModelSpec spec(VideoShape video) {
        ResNets.Builder b =
                ResNets.builder(ResNetKind.PER_FRAME_2D, depth).classes(CLASSES).clip(clip(video));
        FlowPlacement afterStage3 = FlowPlacement.single(3, FusionMode.ADD);
        if (this == FCF_R34) {
            b.flow(afterStage3.withKind(FlowBlockKind.FLOW_CONV_FLOW));
        } else if (role == Role.REP_FLOW) {
            b.flow(afterStage3);
        }
        return b.name(id + "@" + video.key()).build();
    }

    /** The network's input clip for this video. */
    public ClipShape clip(VideoShape video) {
        return role == Role.FLOW_STREAM
                ? new ClipShape(2, video.pairs(), video.size(), video.size())
                : ClipShape.rgb(video.frames(), video.size());
    }

    /** {@code [batch, C, T, H, W]} of the input. */
    public Shape inputShape(VideoShape video, int batch) {
        return clip(video).shape(batch);
    }

    /** The RGB stream of the two-stream pair with this depth. */
    public static PaperModel rgbStream(ResNetDepth depth) {
        return depth == ResNetDepth.R50 ? RGB_R50 : RGB_R34;
    }

    /** The flow stream of the two-stream pair with this depth. */
    public static PaperModel flowStream(ResNetDepth depth) {
        return depth == ResNetDepth.R50 ? FLOW_R50 : FLOW_R34;
    }

    /** The model with this id, or an error listing the ids. */
    public static PaperModel of(String id) {
        for (PaperModel m : values()) {
            if (m.id.equals(id.strip().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        StringBuilder known = new StringBuilder();
        for (PaperModel m : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(m.id);
        }
        throw new IllegalArgumentException("unknown benchmark model '" + id + "'; known: " + known);
    }
}
