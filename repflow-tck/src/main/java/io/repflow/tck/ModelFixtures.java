package io.repflow.tck;

import io.repflow.api.BatchNormConfig;
import io.repflow.api.FlowConfig;
import io.repflow.api.FlowConvFlowConfig;
import io.repflow.api.FusionMode;
import io.repflow.api.HostTensor;
import io.repflow.api.ImageGradient;
import io.repflow.api.Learnable;
import io.repflow.api.RepFlowBlockConfig;
import io.repflow.api.Shape;
import io.repflow.models.arch.FlowPlacement;
import io.repflow.models.arch.ResNetDepth;
import io.repflow.models.arch.ResNetKind;
import io.repflow.models.arch.ResNets;
import io.repflow.models.eval.Evaluator;
import io.repflow.models.spec.AvgPool;
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
import io.repflow.models.spec.ParameterGroup;
import io.repflow.models.spec.ParameterInfo;
import io.repflow.models.spec.Relu;
import io.repflow.models.spec.RepFlow;
import io.repflow.models.spec.Residual;
import io.repflow.models.spec.Sequential;
import io.repflow.models.spec.Size3;
import io.repflow.models.spec.TemporalMean;
import io.repflow.models.spi.Batch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small model specs that together use every layer record, every fusion and every block kind; weights and inputs for them. */
public final class ModelFixtures {

    private ModelFixtures() {}

    /** Named specs, small enough for the float64 reference and the slowest engine. */
    public static Map<String, ModelSpec> specs() {
        Map<String, ModelSpec> specs = new LinkedHashMap<>();
        FlowConfig flow5 = FlowConfig.builder().channels(4).iterations(5).build();
        specs.put(
                "2d-residual-repflow-add",
                new ModelSpec(
                        "2d-residual-repflow-add",
                        ClipShape.rgb(4, 12),
                        5,
                        Sequential.of(
                                "",
                                Sequential.of(
                                        "stem",
                                        new Conv2d("conv", 3, 8, 3, 1, 1, false),
                                        BatchNorm.of("bn", 8),
                                        new Relu(),
                                        new MaxPool(Size3.spatial(3), Size3.spatial(2), Size3.spatialPadding(1))),
                                Sequential.of(
                                        "layer1",
                                        new Residual(
                                                "0",
                                                List.of(
                                                        Conv2d.of("conv1", 8, 8, 3, 1),
                                                        BatchNorm.of("bn1", 8),
                                                        new Relu(),
                                                        Conv2d.of("conv2", 8, 8, 3, 1),
                                                        BatchNorm.of("bn2", 8)),
                                                List.of())),
                                new RepFlow(
                                        "rep_flow",
                                        new RepFlowBlockConfig(8, flow5, 3, FusionMode.ADD, BatchNormConfig.DEFAULT)),
                                Sequential.of(
                                        "layer2",
                                        new Residual(
                                                "0",
                                                List.of(
                                                        Conv2d.of("conv1", 8, 12, 3, 2),
                                                        BatchNorm.of("bn1", 12),
                                                        new Relu(),
                                                        Conv2d.of("conv2", 12, 12, 3, 1),
                                                        BatchNorm.of("bn2", 12)),
                                                List.of(
                                                        new Conv2d("conv", 8, 12, 1, 2, 0, false),
                                                        BatchNorm.of("bn", 12)))),
                                new GlobalAvgPool(),
                                new Linear("fc", 12, 5),
                                new TemporalMean(),
                                new Flatten())));
        FlowConfig flow4 = FlowConfig.builder().channels(4).iterations(4).build();
        specs.put(
                "3d-fcf-concat-2plus1d",
                new ModelSpec(
                        "3d-fcf-concat-2plus1d",
                        ClipShape.rgb(5, 8),
                        3,
                        Sequential.of(
                                "",
                                Sequential.of(
                                        "stem",
                                        new Conv3d("conv", 3, 6, Size3.of(3), Size3.spatial(2), Size3.of(1), false),
                                        BatchNorm.of("bn", 6),
                                        new Relu()),
                                new RepFlow(
                                        "rep_flow",
                                        new FlowConvFlowConfig(
                                                6, flow4, flow4, 3, 1, FusionMode.CONCAT, BatchNormConfig.DEFAULT)),
                                Sequential.of(
                                        "conv2",
                                        new Conv3d(
                                                "spatial",
                                                6,
                                                5,
                                                Size3.spatial(3),
                                                Size3.of(1),
                                                Size3.spatialPadding(1),
                                                false),
                                        BatchNorm.of("bn", 5),
                                        new Relu(),
                                        new Conv3d(
                                                "temporal",
                                                5,
                                                6,
                                                new Size3(3, 1, 1),
                                                Size3.of(1),
                                                new Size3(1, 0, 0),
                                                true)),
                                BatchNorm.of("bn2", 6),
                                new Relu(),
                                new AvgPool(Size3.spatial(2), Size3.spatial(2)),
                                new GlobalAvgPool(),
                                new Linear("fc", 6, 3),
                                new TemporalMean(),
                                new Flatten())));
        specs.put(
                "late-fusion",
                new ModelSpec(
                        "late-fusion",
                        ClipShape.rgb(4, 8),
                        4,
                        new LateFusion(
                                Sequential.of(
                                        "rgb_net",
                                        new Conv2d("conv", 3, 4, 3, 1, 1, true),
                                        BatchNorm.of("bn", 4),
                                        new Relu(),
                                        new GlobalAvgPool(),
                                        new Linear("fc", 4, 4),
                                        new TemporalMean(),
                                        new Flatten()),
                                Sequential.of(
                                        "flow_net",
                                        new RepFlow(
                                                "rep_flow",
                                                new RepFlowBlockConfig(
                                                        3, flow5, 1, FusionMode.NONE, BatchNormConfig.DEFAULT)),
                                        new Conv2d("conv", 3, 4, 3, 1, 1, false),
                                        BatchNorm.of("bn", 4),
                                        new Relu(),
                                        new GlobalAvgPool(),
                                        new Linear("fc", 4, 4),
                                        new TemporalMean(),
                                        new Flatten()))));
        FlowConfig sobelAll = FlowConfig.builder()
                .channels(3)
                .iterations(3)
                .learnable(Learnable.all())
                .imageGradient(ImageGradient.SOBEL)
                .build();
        FlowConfig frozen = FlowConfig.builder()
                .channels(3)
                .iterations(3)
                .learnable(Learnable.none())
                .build();
        specs.put(
                "flow-of-flow-multiply",
                new ModelSpec(
                        "flow-of-flow-multiply",
                        ClipShape.rgb(5, 8),
                        3,
                        Sequential.of(
                                "",
                                new Conv2d("conv", 3, 6, 3, 1, 1, false),
                                BatchNorm.of("bn", 6),
                                new Relu(),
                                new RepFlow(
                                        "rep_flow",
                                        new RepFlowBlockConfig(
                                                6, frozen, 3, FusionMode.MULTIPLY, BatchNormConfig.DEFAULT)),
                                new RepFlow(
                                        "rep_flow_2",
                                        new RepFlowBlockConfig(
                                                6, sobelAll, 3, FusionMode.LAYER_MULTIPLY, BatchNormConfig.DEFAULT)),
                                new GlobalAvgPool(),
                                new Linear("fc", 6, 3),
                                new TemporalMean(),
                                new Flatten())));
        return specs;
    }

    /** A real ResNet-18 2D (torchvision layout) with a rep-flow block after layer2, on small clips. */
    public static ModelSpec resnet18WithFlow() {
        return ResNets.builder(ResNetKind.PER_FRAME_2D, ResNetDepth.R18)
                .clip(ClipShape.rgb(3, 32))
                .classes(10)
                .flow(new FlowPlacement(
                        2,
                        io.repflow.models.arch.FlowBlockKind.SINGLE,
                        FlowConfig.builder().channels(8).iterations(5).build(),
                        3,
                        FusionMode.ADD))
                .build();
    }

    /** The spec with a dropout layer before its classifier (for the stochastic checks). */
    public static ModelSpec withDropout(ModelSpec spec, double p) {
        Sequential net = (Sequential) spec.network();
        List<Layer> layers = new ArrayList<>(net.layers());
        int fc = layers.size() - 3;
        layers.add(fc, new Dropout(p));
        return new ModelSpec(
                spec.name() + "-dropout", spec.input(), spec.numClasses(), new Sequential(net.name(), layers));
    }

    /**
     * Initial values of {@code seed} made less regular: batch-norm affine terms and running
     * statistics away from 1 and 0, flow scalars scaled by 0.8..1.2, flow kernels perturbed, biases
     * non-zero — so that every parameter matters in a comparison.
     */
    public static Map<String, HostTensor> randomised(ModelSpec spec, long seed) {
        Random r = new Random(seed);
        Map<String, HostTensor> out = new LinkedHashMap<>();
        spec.initialParameters(seed).forEach((name, v) -> {
            ParameterInfo info = spec.parameters().get(name);
            float[] d = v.toArray();
            boolean flow = info.group() == ParameterGroup.FLOW;
            for (int i = 0; i < d.length; i++) {
                if (flow) {
                    d[i] = v.size() == 1
                            ? d[i] * (0.8f + 0.4f * r.nextFloat())
                            : d[i] + 0.05f * (float) r.nextGaussian();
                } else if (name.endsWith("running_var") || (name.endsWith(".weight") && v.rank() == 1)) {
                    d[i] = 0.6f + 0.8f * r.nextFloat();
                } else if (name.endsWith("running_mean") || name.endsWith(".bias")) {
                    d[i] = 0.2f * (float) r.nextGaussian();
                }
            }
            out.put(name, HostTensor.of(d, v.shape()));
        });
        return out;
    }

    /** {@code batch} synthetic motion clips resized to the spec's input, plus noise, with their labels. */
    public static Batch batch(ModelSpec spec, int batch, long seed) {
        ClipShape in = spec.input();
        List<HostTensor> clips = new ArrayList<>();
        int[] labels = new int[batch];
        Random r = new Random(seed);
        for (int b = 0; b < batch; b++) {
            float[] d = new float[in.channels() * in.frames() * in.height() * in.width()];
            MovingSquares motion =
                    new MovingSquares(batch, Math.max(2, in.frames()), Math.max(4, in.height()), 3, seed);
            HostTensor m = motion.get(b).clip();
            for (int i = 0; i < d.length; i++) {
                int[] idx = Shape.of(in.channels(), in.frames(), in.height(), in.width())
                        .index(i);
                float base = m.get(idx[0] % 3, idx[1], idx[2] % m.dim(2), idx[3] % m.dim(3));
                d[i] = 255f * base + 8f * (float) r.nextGaussian();
            }
            clips.add(HostTensor.of(d, in.channels(), in.frames(), in.height(), in.width()));
            labels[b] = r.nextInt(spec.numClasses());
        }
        return new Batch(Evaluator.stack(clips), labels);
    }
}
