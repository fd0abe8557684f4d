package io.repflow.cli;

import io.repflow.api.FlowConfig;
import io.repflow.api.FusionMode;
import io.repflow.api.ImageGradient;
import io.repflow.api.Learnable;
import io.repflow.models.arch.FlowBlockKind;
import io.repflow.models.arch.FlowPlacement;
import io.repflow.models.arch.MotionNet;
import io.repflow.models.arch.ResNetDepth;
import io.repflow.models.arch.ResNetKind;
import io.repflow.models.arch.ResNets;
import io.repflow.models.spec.ClipShape;
import io.repflow.models.spec.ModelSpec;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Option;

/** Which network, where its flow block sits, how the flow layer is set up. */
final class ModelOptions {

    @Option(
            names = "--model",
            defaultValue = "motionnet",
            description =
                    "Network: motionnet (small, for synthetic data), resnet18, resnet34, resnet50, r2plus1d18, r2plus1d50, r3d18 (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(
            names = "--flow",
            defaultValue = "auto",
            paramLabel = "WHERE",
            description =
                    "Flow block: none, input, layer1..layer4 (ResNets); auto = layer3 for ResNets, after conv1 for motionnet (default: ${DEFAULT-VALUE}).")
    String flow;

    @Option(
            names = "--block",
            defaultValue = "SINGLE",
            description = "Flow block kind: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    FlowBlockKind block;

    @Option(
            names = "--fusion",
            description = "Fusion: ${COMPLETION-CANDIDATES} (default: NONE for motionnet, ADD for ResNets).")
    FusionMode fusion;

    @Option(
            names = "--iterations",
            defaultValue = "10",
            description = "TV-L1 iterations of each flow layer (default: ${DEFAULT-VALUE}; the paper uses 20).")
    int iterations;

    @Option(
            names = "--flow-channels",
            description = "C', the flow layer's channels (default: 8 for motionnet, 32 for ResNets).")
    Integer flowChannels;

    @Option(
            names = "--learn",
            split = ",",
            paramLabel = "GROUP",
            description =
                    "Learned flow parameters: image_gradient, divergence, theta, lambda, tau (default: divergence,theta,lambda,tau).")
    Set<Learnable> learn;

    @Option(
            names = "--image-gradient",
            defaultValue = "CENTRAL",
            description = "CENTRAL or SOBEL (default: ${DEFAULT-VALUE}).")
    ImageGradient imageGradient;

    @Option(
            names = "--width",
            defaultValue = "8",
            description = "motionnet: channels after the first conv (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(
            names = "--dropout",
            defaultValue = "0",
            description = "ResNets: dropout before the classifier (default: ${DEFAULT-VALUE}).")
    double dropout;

    ModelSpec spec(ClipShape clip, int classes) {
        String m = model.toLowerCase(Locale.ROOT);
        boolean motionNet = m.equals("motionnet");
        boolean none = flow.equalsIgnoreCase("none");
        FlowConfig flowConfig = FlowConfig.builder()
                .channels(flowChannels != null ? flowChannels : motionNet ? width : 32)
                .iterations(iterations)
                .imageGradient(imageGradient)
                .learnable(learn == null || learn.isEmpty() ? Learnable.defaults() : EnumSet.copyOf(learn))
                .build();
        FusionMode f = fusion != null ? fusion : motionNet ? FusionMode.NONE : FusionMode.ADD;
        if (motionNet) {
            if (!none && !flow.equalsIgnoreCase("auto")) {
                throw new UsageException(
                        "--flow " + flow + ": motionnet has one place for its flow block; use auto or none");
            }
            if (block != FlowBlockKind.SINGLE) {
                throw new UsageException("--block " + block + " needs a ResNet (--model resnet18 …)");
            }
            return MotionNet.spec(clip, classes, width, none ? null : flowConfig, f);
        }
        ResNets.Builder b =
                ResNets.builder(kind(m), depth(m)).clip(clip).classes(classes).dropout(dropout);
        if (!none) {
            int position = flow.equalsIgnoreCase("auto") ? 3 : position(flow);
            b = b.flow(new FlowPlacement(position, block, flowConfig, 3, f));
        }
        return b.build();
    }

    private static ResNetKind kind(String m) {
        if (m.startsWith("resnet")) {
            return ResNetKind.PER_FRAME_2D;
        }
        if (m.startsWith("r2plus1d")) {
            return ResNetKind.R2PLUS1D;
        }
        if (m.startsWith("r3d")) {
            return ResNetKind.R3D;
        }
        throw new UsageException("unknown --model '" + m
                + "'; use motionnet, resnet18, resnet34, resnet50, r2plus1d18, r2plus1d50 or r3d18");
    }

    private static ResNetDepth depth(String m) {
        String digits = m.replaceAll("^[a-z0-9]*?(\\d+)$", "$1");
        try {
            return ResNetDepth.of(Integer.parseInt(digits));
        } catch (IllegalArgumentException e) {
            throw new UsageException("unknown --model '" + m + "'; depths are 18, 34, 50, 101");
        }
    }

    private static int position(String where) {
        String w = where.toLowerCase(Locale.ROOT);
        if (w.equals("input")) {
            return 0;
        }
        if (w.matches("layer[1-4]")) {
            return w.charAt(5) - '0';
        }
        throw new UsageException("--flow " + where + " is not understood; use none, input or layer1..layer4");
    }
}
