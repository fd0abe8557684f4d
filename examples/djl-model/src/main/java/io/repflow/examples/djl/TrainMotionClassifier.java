package io.repflow.examples.djl;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.translate.TranslateException;
import io.repflow.data.LabeledClips;
import io.repflow.data.synthetic.MotionClass;
import io.repflow.data.synthetic.SyntheticMotion;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Trains {@link MotionClassifier} on synthetic motion clips with DJL's own {@code Trainer} and {@code
 * EasyTrain}, the flow group at {@link MotionClassifier#FLOW_RATE_FACTOR} of the rate through {@link
 * FlowGroupRate}, then saves the parameters and loads them into a fresh model:
 * {@code TrainMotionClassifier PARAMS_FILE [EPOCHS]}.
 */
public final class TrainMotionClassifier {

    static final int CHANNELS = 4;
    static final int CLASSES = 2;
    static final int FLOW_ITERATIONS = 5;
    static final int FRAMES = 4;
    static final int SIZE = 12;
    static final int BATCH = 8;
    static final float RATE = 0.5f;

    private TrainMotionClassifier() {}

    public static void main(String[] args) throws IOException, TranslateException {
        Path params = Path.of(args.length > 0 ? args[0] : "motion.params");
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        try (NDManager manager =
                NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice(), "PyTorch")) {
            NDArray[] data = clips(manager, 1, 32);
            MotionClassifier classifier = classifier();
            try (Model model = Model.newInstance("motion", "PyTorch");
                    Trainer trainer = trainer(model, classifier)) {
                System.out.printf("loss before %.4f%n", loss(trainer, data));
                fit(trainer, data, epochs);
                System.out.printf("loss after %d epochs %.4f%n", epochs, loss(trainer, data));
                save(classifier, params);
                MotionClassifier loaded = load(manager, params);
                NDArray a = predict(manager, classifier, data[0]);
                NDArray b = predict(manager, loaded, data[0]);
                System.out.println("loaded model predicts the same: " + a.contentEquals(b) + " (" + params + ")");
            }
        }
    }

    /**
     * {@code n} clips {@code [n, 3, FRAMES, SIZE, SIZE]} moving right (label 0) or left (label 1), and their
     * labels: repflow-data's SyntheticMotion, where every frame alone looks alike.
     */
    static NDArray[] clips(NDManager manager, long seed, int n) {
        LabeledClips batch = SyntheticMotion.builder()
                .classes(MotionClass.RIGHT, MotionClass.LEFT)
                .frames(FRAMES)
                .size(SIZE, SIZE)
                .seed(seed)
                .build()
                .batch(0, n);
        long[] dims = Arrays.stream(batch.clips().dims()).asLongStream().toArray();
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            labels[i] = batch.label(i);
        }
        return new NDArray[] {
            manager.create(batch.clips().toArray(), new Shape(dims)), manager.create(labels, new Shape(n))
        };
    }

    /** The example's model, untrained. */
    static MotionClassifier classifier() {
        return new MotionClassifier(CHANNELS, CLASSES, FLOW_ITERATIONS);
    }

    /** A trainer on {@code classifier}'s block: softmax cross-entropy, SGD with the flow group's rate. */
    static Trainer trainer(Model model, MotionClassifier classifier) {
        model.setBlock(classifier.block());
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.sgd()
                        .setLearningRateTracker(new FlowGroupRate(
                                RATE, MotionClassifier.FLOW_RATE_FACTOR, classifier.flowParameterIds()))
                        .build());
        Trainer trainer = model.newTrainer(config);
        trainer.initialize(new Shape(BATCH, 3, FRAMES, SIZE, SIZE));
        return trainer;
    }

    static void fit(Trainer trainer, NDArray[] data, int epochs) throws IOException, TranslateException {
        ArrayDataset dataset = new ArrayDataset.Builder()
                .setData(data[0])
                .optLabels(data[1])
                .setSampling(BATCH, true)
                .build();
        EasyTrain.fit(trainer, epochs, dataset, null);
    }

    /** Mean softmax cross-entropy over the clips, in inference mode. */
    static float loss(Trainer trainer, NDArray[] data) {
        NDList out = trainer.evaluate(new NDList(data[0]));
        return trainer.getLoss().evaluate(new NDList(data[1]), out).getFloat();
    }

    static void save(MotionClassifier classifier, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                DataOutputStream data = new DataOutputStream(out)) {
            classifier.block().saveParameters(data);
        }
    }

    static MotionClassifier load(NDManager manager, Path file) throws IOException {
        MotionClassifier fresh = classifier();
        try (InputStream in = Files.newInputStream(file);
                DataInputStream data = new DataInputStream(in)) {
            fresh.block().loadParameters(manager, data);
        } catch (ai.djl.MalformedModelException e) {
            throw new IOException(file + " is not the parameters of this model: " + e.getMessage(), e);
        }
        return fresh;
    }

    static NDArray predict(NDManager manager, MotionClassifier classifier, NDArray clips) {
        return classifier
                .block()
                .forward(new ParameterStore(manager, false), new NDList(clips), false)
                .singletonOrThrow();
    }
}
