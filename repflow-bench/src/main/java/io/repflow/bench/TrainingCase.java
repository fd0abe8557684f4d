package io.repflow.bench;

import io.repflow.api.FlowConfig;
import io.repflow.api.FusionMode;
import io.repflow.models.arch.MotionNet;
import io.repflow.models.spec.ClipShape;
import io.repflow.models.spec.ModelSpec;

/**
 * A training step of {@code repflow train}'s network (MotionNet as in {@code configs/synthetic-default.yaml}: width 8,
 * the flow block after the first convolution with C' = 8, 10 iterations, no fusion, 4 classes) on {@code batch} RGB
 * clips of {@code video}, with the flow block or without it ({@code --flow none}): the pair whose ratio is the flow
 * block's cost in training.
 */
public record TrainingCase(VideoShape video, int batch, boolean flow) {

    /** The JMH {@code model} value of MotionNet with its flow block. */
    public static final String WITH_FLOW = "motionnet";
    /** The JMH {@code model} value of MotionNet without it. */
    public static final String WITHOUT_FLOW = "motionnet-noflow";
    /** {@code repflow train}'s defaults. */
    public static final int WIDTH = 8;

    public static final int ITERATIONS = 10;
    public static final int CLASSES = 4;
    public static final int BATCH = 16;
    /** The main job's clips (train's defaults: 8 frames of 32²) and the real-video clips of the issue (56²). */
    public static final VideoShape MAIN_JOB = new VideoShape(8, 32);

    public static final VideoShape REAL_56 = new VideoShape(8, 56);

    public TrainingCase {
        if (video == null) {
            throw new IllegalArgumentException("training case needs a video");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("training case batch = " + batch + " is out of range; must be >= 1");
        }
    }

    /** Whether {@code model} is one of the two MotionNet values (else a {@link PaperModel} id). */
    public static boolean isMotionNet(String model) {
        return WITH_FLOW.equals(model) || WITHOUT_FLOW.equals(model);
    }

    /** The case of a JMH row: {@code model} is {@value #WITH_FLOW} or {@value #WITHOUT_FLOW}. */
    public static TrainingCase of(String model, VideoShape video, int batch) {
        if (!isMotionNet(model)) {
            throw new IllegalArgumentException(
                    "training case model '" + model + "' is unknown; expected " + WITH_FLOW + " or " + WITHOUT_FLOW);
        }
        return new TrainingCase(video, batch, WITH_FLOW.equals(model));
    }

    /** {@value #WITH_FLOW} or {@value #WITHOUT_FLOW}. */
    public String model() {
        return flow ? WITH_FLOW : WITHOUT_FLOW;
    }

    /** The same clips through the other network (with the block if this one has none, and back). */
    public TrainingCase other() {
        return new TrainingCase(video, batch, !flow);
    }

    /** The network, built as {@code repflow train --model motionnet [--flow none]} builds it. */
    public ModelSpec spec() {
        FlowConfig layer =
                FlowConfig.builder().channels(WIDTH).iterations(ITERATIONS).build();
        return MotionNet.spec(
                ClipShape.rgb(video.frames(), video.size()), CLASSES, WIDTH, flow ? layer : null, FusionMode.NONE);
    }

    /** The flow layer inside the block: C' = width on every frame pair of every clip, at the clips' size. */
    public LayerPoint flowPoint() {
        return new LayerPoint(ITERATIONS, WIDTH, video.size(), batch * video.pairs());
    }

    /** {@code motionnet 8x56 ×16}. */
    public String label() {
        return model() + " " + video.key() + " ×" + batch;
    }
}
