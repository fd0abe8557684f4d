package io.repflow.examples.tf;

import io.repflow.api.BatchNormConfig;
import io.repflow.api.FlowConfig;
import io.repflow.api.FusionMode;
import io.repflow.api.RepFlowBlockConfig;
import io.repflow.backend.tf.TfRepFlowGraphs;
import io.repflow.data.LabeledClips;
import io.repflow.data.synthetic.MotionClass;
import io.repflow.data.synthetic.SyntheticMotion;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A TensorFlow Java user's graph: clips {@code [B, 3, T, H, W]} → repflow's rep-flow block
 * ({@link TfRepFlowGraphs#repFlowBlock}, batch statistics) → global mean → a linear layer → softmax
 * cross-entropy; one SGD step is TensorFlow's {@code gradients} and {@code ApplyGradientDescent} on the
 * block's trainable variables and the linear layer's. Close it to free the graph and session.
 */
public final class MotionGraph implements AutoCloseable {

    static final int BATCH = 8;
    static final int FRAMES = 4;
    static final int SIZE = 12;
    static final int CLASSES = 2;

    private final Graph graph = new Graph();
    private final Session session;
    private final Placeholder<TFloat32> clips;
    private final Placeholder<TFloat32> onehot;
    private final Operand<TFloat32> loss;
    private final List<Op> updates = new ArrayList<>();

    public MotionGraph(float learningRate, long seed) {
        Ops tf = Ops.create(graph);
        clips = tf.withName("clips")
                .placeholder(TFloat32.class, Placeholder.shape(Shape.of(BATCH, 3, FRAMES, SIZE, SIZE)));
        onehot = tf.withName("labels").placeholder(TFloat32.class, Placeholder.shape(Shape.of(BATCH, CLASSES)));
        RepFlowBlockConfig block = new RepFlowBlockConfig(
                3, FlowConfig.builder().channels(2).iterations(5).build(), 3, FusionMode.ADD, BatchNormConfig.DEFAULT);
        Operand<TFloat32> features = TfRepFlowGraphs.repFlowBlock(tf, "rep_flow", clips, block, seed, true);
        Operand<TFloat32> pooled = tf.math.mean(features, tf.constant(new int[] {2, 3, 4})); // [B, 3]
        Ops fc = tf.withSubScope("fc");
        Operand<TFloat32> weight = fc.withName("weight").variable(tf.constant(normal(seed, 3, CLASSES)));
        Operand<TFloat32> bias = fc.withName("bias").variable(tf.constant(new float[CLASSES]));
        Operand<TFloat32> logits = tf.math.add(tf.linalg.matMul(pooled, weight), bias);
        loss = tf.math.neg(tf.math.mean(
                tf.reduceSum(tf.math.mul(onehot, tf.nn.logSoftmax(logits)), tf.constant(1)), tf.constant(0)));

        // what the step trains: the linear layer and the block's trainable variables (not the frozen
        // flow kernels, not batch norm's running statistics), found by their names in the graph
        List<Operand<TFloat32>> trained = new ArrayList<>(List.of(weight, bias));
        for (String name : block.trainableParameters()) {
            trained.add(graph.operation("rep_flow/" + name).output(0));
        }
        Gradients gradients = tf.gradients(loss, trained);
        Operand<TFloat32> rate = tf.constant(learningRate);
        for (int i = 0; i < trained.size(); i++) {
            updates.add(tf.train.applyGradientDescent(trained.get(i), rate, gradients.<TFloat32>dy(i)));
        }
        session = new Session(graph);
        session.initialize();
    }

    /** One SGD step on {@code batch}; returns the loss before it. */
    public float step(LabeledClips batch) {
        return run(batch, true);
    }

    /** The loss on {@code batch}, nothing updated. */
    public float loss(LabeledClips batch) {
        return run(batch, false);
    }

    private float run(LabeledClips batch, boolean train) {
        float[] labels = new float[BATCH * CLASSES];
        for (int i = 0; i < BATCH; i++) {
            labels[i * CLASSES + batch.label(i)] = 1f;
        }
        try (TFloat32 x = TFloat32.tensorOf(
                        Shape.of(BATCH, 3, FRAMES, SIZE, SIZE),
                        DataBuffers.of(batch.clips().toArray()));
                TFloat32 y = TFloat32.tensorOf(Shape.of(BATCH, CLASSES), DataBuffers.of(labels))) {
            Session.Runner runner =
                    session.runner().feed(clips, x).feed(onehot, y).fetch(loss);
            if (train) {
                updates.forEach(runner::addTarget);
            }
            try (Result r = runner.run()) {
                return ((TFloat32) r.get(0)).getFloat();
            }
        }
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

    private static float[][] normal(long seed, int rows, int cols) {
        Random random = new Random(seed);
        float[][] w = new float[rows][cols];
        for (float[] row : w) {
            for (int j = 0; j < cols; j++) {
                row[j] = (float) (0.1 * random.nextGaussian());
            }
        }
        return w;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }

    /** Trains a few steps on one batch and prints the loss: {@code MotionGraph [STEPS]}. */
    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        LabeledClips batch = clips(3);
        try (MotionGraph net = new MotionGraph(0.5f, 42)) {
            for (int s = 0; s < steps; s++) {
                System.out.printf("step %d loss %.4f%n", s, net.step(batch));
            }
            System.out.printf("loss after %d steps %.4f%n", steps, net.loss(batch));
        }
    }
}
