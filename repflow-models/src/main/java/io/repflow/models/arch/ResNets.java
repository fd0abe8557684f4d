package io.repflow.models.arch;

import io.repflow.api.BatchNormConfig;
import io.repflow.api.Checks;
import io.repflow.api.FlowBlockConfig;
import io.repflow.api.FlowConvFlowConfig;
import io.repflow.api.FusionMode;
import io.repflow.api.RepFlowBlockConfig;
import io.repflow.models.spec.BatchNorm;
import io.repflow.models.spec.ClipShape;
import io.repflow.models.spec.Conv2d;
import io.repflow.models.spec.Conv3d;
import io.repflow.models.spec.Dropout;
import io.repflow.models.spec.Flatten;
import io.repflow.models.spec.GlobalAvgPool;
import io.repflow.models.spec.LateFusion;
import io.repflow.models.spec.Layer;
import io.repflow.models.spec.Linear;
import io.repflow.models.spec.MaxPool;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spec.Relu;
import io.repflow.models.spec.RepFlow;
import io.repflow.models.spec.Residual;
import io.repflow.models.spec.Sequential;
import io.repflow.models.spec.Size3;
import io.repflow.models.spec.TemporalMean;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds ResNet {@link ModelSpec}s: 2D per frame (torchvision {@code resnet18/34/50}), (2+1)D
 * ({@code r2plus1d_18}) and inflated 3D ({@code r3d_18}), with the layouts, strides and channel
 * counts of torchvision (so parameter counts equal the published ones), optionally a flow block at
 * the input or after any residual stage, any fusion (LATE = two networks), and dropout before the
 * classifier. The head is global spatial pooling, dropout, a per-frame linear classifier and the mean
 * over time (paper eq. 11; for a linear classifier equal to pooling over time first).
 *
 * <pre>{@code
 * ModelSpec spec = ResNets.builder(ResNetKind.PER_FRAME_2D, ResNetDepth.R18)
 *         .clip(ClipShape.rgb(16, 112)).classes(51)
 *         .flow(FlowPlacement.single(3, FusionMode.ADD)).dropout(0.5).build();
 * }</pre>
 */
public final class ResNets {

    private static final int[] PLANES = {64, 128, 256, 512};

    private ResNets() {}

    public static Builder builder(ResNetKind kind, ResNetDepth depth) {
        return new Builder(kind, depth);
    }

    /** Builder with torchvision's defaults: RGB clips of 16 frames of 112x112, 400 classes, no flow, no dropout. */
    public static final class Builder {
        private final ResNetKind kind;
        private final ResNetDepth depth;
        private ClipShape clip = ClipShape.rgb(16, 112);
        private int classes = 400;
        private FlowPlacement flow;
        private double dropout;
        private BatchNormConfig batchNorm = BatchNormConfig.DEFAULT;
        private String name;

        private Builder(ResNetKind kind, ResNetDepth depth) {
            this.kind = Checks.notNull("ResNet kind", kind);
            this.depth = Checks.notNull("ResNet depth", depth);
        }

        public Builder clip(ClipShape c) {
            clip = Checks.notNull("clip", c);
            return this;
        }

        public Builder classes(int k) {
            classes = Checks.atLeast("classes", k, 1);
            return this;
        }

        /** Adds a flow block; {@code null} removes it. */
        public Builder flow(FlowPlacement placement) {
            flow = placement;
            return this;
        }

        /** Dropout probability before the classifier (0 = none). */
        public Builder dropout(double p) {
            if (!(p >= 0 && p < 1)) {
                throw new IllegalArgumentException("dropout = " + p + " is out of range; must be in [0, 1)");
            }
            dropout = p;
            return this;
        }

        public Builder batchNorm(BatchNormConfig config) {
            batchNorm = Checks.notNull("batch norm", config);
            return this;
        }

        /** Overrides the generated model name. */
        public Builder name(String n) {
            name = n;
            return this;
        }

        public ModelSpec build() {
            String label = name != null ? name : defaultName();
            if (flow != null && flow.fusion() == FusionMode.LATE) {
                Sequential rgb = network("rgb_net", null);
                Sequential flowNet = network("flow_net", flow.withFusion(FusionMode.NONE));
                return new ModelSpec(label, clip, classes, new LateFusion(rgb, flowNet));
            }
            return new ModelSpec(label, clip, classes, network("", flow));
        }

        private String defaultName() {
            String base = (kind == ResNetKind.PER_FRAME_2D
                    ? "resnet" + depth.layers() + "-2d"
                    : kind.label() + "-" + depth.layers());
            if (flow == null) {
                return base;
            }
            String block = switch (flow.kind()) {
                case SINGLE -> "repflow";
                case FLOW_OF_FLOW -> "flow-of-flow";
                case FLOW_CONV_FLOW -> "fcf";
            };
            return base + "+" + block + "@" + flow.where() + "-"
                    + flow.fusion().name().toLowerCase(java.util.Locale.ROOT);
        }

        private Sequential network(String networkName, FlowPlacement placement) {
            List<Layer> layers = new ArrayList<>();
            if (placement != null && placement.position() == 0) {
                layers.addAll(flowBlocks(placement, clip.channels()));
            }
            layers.add(stem());
            int in = 64;
            for (int stage = 0; stage < 4; stage++) {
                int planes = PLANES[stage];
                int stride = stage == 0 ? 1 : 2;
                List<Layer> blocks = new ArrayList<>();
                for (int b = 0; b < depth.blocks().get(stage); b++) {
                    blocks.add(block(String.valueOf(b), in, planes, b == 0 ? stride : 1));
                    in = planes * depth.expansion();
                }
                layers.add(new Sequential("layer" + (stage + 1), blocks));
                if (placement != null && placement.position() == stage + 1) {
                    layers.addAll(flowBlocks(placement, in));
                }
            }
            layers.add(new GlobalAvgPool());
            if (dropout > 0) {
                layers.add(new Dropout(dropout));
            }
            layers.add(new Linear("fc", in, classes));
            layers.add(new TemporalMean());
            layers.add(new Flatten());
            return new Sequential(networkName, layers);
        }

        private List<Layer> flowBlocks(FlowPlacement p, int channels) {
            return switch (p.kind()) {
                case SINGLE -> List.of(new RepFlow("rep_flow", repFlow(p, channels)));
                case FLOW_OF_FLOW ->
                    List.of(
                            new RepFlow("rep_flow", repFlow(p, channels)),
                            new RepFlow("rep_flow_2", repFlow(p, channels)));
                case FLOW_CONV_FLOW ->
                    List.of(new RepFlow(
                            "rep_flow",
                            new FlowConvFlowConfig(
                                    channels,
                                    p.flow(),
                                    p.flow(),
                                    p.outKernel(),
                                    p.outKernel(),
                                    p.fusion(),
                                    batchNorm)));
            };
        }

        private FlowBlockConfig repFlow(FlowPlacement p, int channels) {
            return new RepFlowBlockConfig(channels, p.flow(), p.outKernel(), p.fusion(), batchNorm);
        }

        private Layer stem() {
            int c = clip.channels();
            return switch (kind) {
                case PER_FRAME_2D ->
                    Sequential.of(
                            "stem",
                            new Conv2d("conv", c, 64, 7, 2, 3, false),
                            bn("bn", 64),
                            new Relu(),
                            MaxPool.resnetStem());
                case R3D ->
                    Sequential.of(
                            "stem",
                            new Conv3d("conv", c, 64, new Size3(3, 7, 7), Size3.spatial(2), new Size3(1, 3, 3), false),
                            bn("bn", 64),
                            new Relu());
                // torchvision's R2Plus1dStem: 45 intermediate channels
                case R2PLUS1D ->
                    Sequential.of(
                            "stem",
                            Sequential.of(
                                    "conv",
                                    new Conv3d(
                                            "spatial",
                                            c,
                                            45,
                                            Size3.spatial(7),
                                            Size3.spatial(2),
                                            Size3.spatialPadding(3),
                                            false),
                                    bn("bn", 45),
                                    new Relu(),
                                    new Conv3d(
                                            "temporal",
                                            45,
                                            64,
                                            new Size3(3, 1, 1),
                                            Size3.of(1),
                                            new Size3(1, 0, 0),
                                            false)),
                            bn("bn", 64),
                            new Relu());
            };
        }

        private Residual block(String blockName, int in, int planes, int stride) {
            int out = planes * depth.expansion();
            // torchvision's (2+1)D block keeps the parameter count of a 3x3x3 conv: one midplanes per block
            int mid = (in * planes * 27) / (in * 9 + 3 * planes);
            List<Layer> body = new ArrayList<>();
            if (depth.bottleneck()) {
                body.add(pointwise("conv1", in, planes, 1));
                body.add(bn("bn1", planes));
                body.add(new Relu());
                body.add(conv3("conv2", planes, planes, mid, stride));
                body.add(bn("bn2", planes));
                body.add(new Relu());
                body.add(pointwise("conv3", planes, out, 1));
                body.add(bn("bn3", out));
            } else {
                body.add(conv3("conv1", in, planes, mid, stride));
                body.add(bn("bn1", planes));
                body.add(new Relu());
                body.add(conv3("conv2", planes, planes, mid, 1));
                body.add(bn("bn2", planes));
            }
            List<Layer> shortcut =
                    stride != 1 || in != out ? List.of(pointwise("conv", in, out, stride), bn("bn", out)) : List.of();
            return new Residual(blockName, body, shortcut);
        }

        /** The 3x3 convolution of a block in this kind: per-frame 2D, 3x3x3, or (2+1)D through {@code mid} channels. */
        private Layer conv3(String convName, int in, int out, int mid, int stride) {
            return switch (kind) {
                case PER_FRAME_2D -> new Conv2d(convName, in, out, 3, stride, 1, false);
                case R3D -> new Conv3d(convName, in, out, Size3.of(3), Size3.of(stride), Size3.of(1), false);
                case R2PLUS1D ->
                    Sequential.of(
                            convName,
                            new Conv3d(
                                    "spatial",
                                    in,
                                    mid,
                                    Size3.spatial(3),
                                    Size3.spatial(stride),
                                    Size3.spatialPadding(1),
                                    false),
                            bn("bn", mid),
                            new Relu(),
                            new Conv3d(
                                    "temporal",
                                    mid,
                                    out,
                                    new Size3(3, 1, 1),
                                    new Size3(stride, 1, 1),
                                    new Size3(1, 0, 0),
                                    false));
            };
        }

        /** A 1x1 (2D) or 1x1x1 (video: stride on all three axes, as torchvision's downsampling) convolution. */
        private Layer pointwise(String convName, int in, int out, int stride) {
            return kind == ResNetKind.PER_FRAME_2D
                    ? new Conv2d(convName, in, out, 1, stride, 0, false)
                    : new Conv3d(convName, in, out, Size3.of(1), Size3.of(stride), Size3.of(0), false);
        }

        private BatchNorm bn(String bnName, int channels) {
            return new BatchNorm(bnName, channels, batchNorm);
        }
    }
}
