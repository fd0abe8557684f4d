package io.repflow.examples.samediff;

import io.repflow.api.BatchNormConfig;
import io.repflow.api.FlowConfig;
import io.repflow.api.FusionMode;
import io.repflow.api.RepFlowBlockConfig;
import io.repflow.backend.nd4j.Nd4jRepFlowGraphs;
import io.repflow.data.LabeledClips;
import io.repflow.data.synthetic.MotionClass;
import io.repflow.data.synthetic.SyntheticMotion;
import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * A SameDiff user's graph: clips {@code [B, 3, T, H, W]} → repflow's rep-flow block ({@link
 * Nd4jRepFlowGraphs#repFlowBlock}, batch statistics) → global mean → a linear layer → softmax
 * cross-entropy, trained with SameDiff's own {@code fit} and SGD updater (every SameDiff variable: the
 * block's trainable parameters and the linear layer; frozen flow kernels and running statistics are
 * constants).
 */
public final class MotionSameDiff {

    static final int BATCH = 8;
    static final int FRAMES = 4;
    static final int SIZE = 12;
    static final int CLASSES = 2;

    private final SameDiff sd = SameDiff.create();
    private final SDVariable loss;

    public MotionSameDiff(double learningRate, long seed) {
        SDVariable clips = sd.placeHolder("clips", DataType.FLOAT, BATCH, 3, FRAMES, SIZE, SIZE);
        SDVariable onehot = sd.placeHolder("labels", DataType.FLOAT, BATCH, CLASSES);
        RepFlowBlockConfig block = new RepFlowBlockConfig(
                3, FlowConfig.builder().channels(2).iterations(5).build(), 3, FusionMode.ADD, BatchNormConfig.DEFAULT);
        SDVariable features = Nd4jRepFlowGraphs.repFlowBlock(sd, "rep_flow", clips, block, seed, true);
        SDVariable pooled = features.mean(2, 3, 4); // [B, 3]
        SDVariable weight = sd.var("fc/weight", normal(seed, 3, CLASSES));
        SDVariable bias = sd.var("fc/bias", Nd4j.zeros(DataType.FLOAT, CLASSES));
        SDVariable logits = pooled.mmul(weight).add(bias);
        loss = sd.nn.logSoftmax(logits).mul(onehot).sum(1).mean().neg();
        sd.setLossVariables(loss);
        sd.setTrainingConfig(TrainingConfig.builder()
                .updater(new Sgd(learningRate))
                .dataSetFeatureMapping("clips")
                .dataSetLabelMapping("labels")
                .build());
    }

    /** One epoch of SameDiff's {@code fit} on {@code batch} (one SGD step). */
    public void fit(LabeledClips batch) {
        sd.fit(dataSet(batch));
    }

    /** The loss on {@code batch}, nothing updated. */
    public float loss(LabeledClips batch) {
        DataSet d = dataSet(batch);
        Map<String, INDArray> out = sd.output(Map.of("clips", d.getFeatures(), "labels", d.getLabels()), loss.name());
        return out.get(loss.name()).getFloat(0);
    }

    private static DataSet dataSet(LabeledClips batch) {
        INDArray x = Nd4j.create(batch.clips().toArray(), new long[] {BATCH, 3, FRAMES, SIZE, SIZE}, 'c');
        float[] labels = new float[BATCH * CLASSES];
        for (int i = 0; i < BATCH; i++) {
            labels[i * CLASSES + batch.label(i)] = 1f;
        }
        return new DataSet(x, Nd4j.create(labels, new long[] {BATCH, CLASSES}, 'c'));
    }

    /** {@code BATCH} clips moving right (label 0) or left (label 1), from repflow-data's SyntheticMotion. */
    public static LabeledClips clips(long seed) {
        return SyntheticMotion.builder()
                .classes(MotionClass.RIGHT, MotionClass.LEFT)
                .frames(FRAMES)
                .size(SIZE, SIZE)
                .seed(seed)
                .build()
                .batch(0, BATCH);
    }

    private static INDArray normal(long seed, int rows, int cols) {
        Random random = new Random(seed);
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (0.1 * random.nextGaussian());
        }
        return Nd4j.create(w, new long[] {rows, cols}, 'c');
    }

    /** Trains a few steps on one batch and prints the loss: {@code MotionSameDiff [STEPS]}. */
    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        LabeledClips batch = clips(3);
        MotionSameDiff net = new MotionSameDiff(0.5, 42);
        System.out.printf("loss before %.4f%n", net.loss(batch));
        for (int s = 0; s < steps; s++) {
            net.fit(batch);
        }
        System.out.printf("loss after %d steps %.4f%n", steps, net.loss(batch));
    }
}
