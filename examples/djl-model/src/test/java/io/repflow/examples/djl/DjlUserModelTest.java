package io.repflow.examples.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DJL user's model: DJL's trainer lowers the loss, the flow group steps at its own rate, parameters round-trip. */
class DjlUserModelTest {

    @TempDir
    Path dir;

    @Test
    void easyTrainLowersTheLossAndSavedParametersPredictTheSame() throws Exception {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray[] data = TrainMotionClassifier.clips(manager, 1, 32);
            MotionClassifier classifier = TrainMotionClassifier.classifier();
            try (Model model = Model.newInstance("motion", "PyTorch");
                    Trainer trainer = TrainMotionClassifier.trainer(model, classifier)) {
                float before = TrainMotionClassifier.loss(trainer, data);
                TrainMotionClassifier.fit(trainer, data, 8);
                float after = TrainMotionClassifier.loss(trainer, data);
                assertTrue(after < 0.7f * before, "loss " + before + " -> " + after);

                Path file = dir.resolve("motion.params");
                TrainMotionClassifier.save(classifier, file);
                MotionClassifier loaded = TrainMotionClassifier.load(manager, file);
                float[] trained = TrainMotionClassifier.predict(manager, classifier, data[0])
                        .toFloatArray();
                float[] reloaded =
                        TrainMotionClassifier.predict(manager, loaded, data[0]).toFloatArray();
                assertArrayEquals(trained, reloaded, "the loaded model's logits are the trained model's");
                assertEquals(
                        classifier.flowParameters().get("flow.theta").getArray().getFloat(),
                        loaded.flowParameters().get("flow.theta").getArray().getFloat(),
                        "theta round-trips");
            }
        }
    }

    @Test
    void theFlowGroupStepsAtItsOwnRate() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray[] data = TrainMotionClassifier.clips(manager, 2, TrainMotionClassifier.BATCH);
            MotionClassifier classifier = TrainMotionClassifier.classifier();
            try (Model model = Model.newInstance("motion", "PyTorch");
                    Trainer trainer = TrainMotionClassifier.trainer(model, classifier)) {
                Map<String, Parameter> watched = new LinkedHashMap<>();
                watched.put("flow.theta", classifier.flowParameters().get("flow.theta"));
                watched.put("flow.tau", classifier.flowParameters().get("flow.tau"));
                Parameter conv = classifier
                        .block()
                        .getChildren()
                        .get(0)
                        .getValue()
                        .getParameters()
                        .get("weight");
                watched.put("conv weight", conv);
                Map<String, float[]> before = new LinkedHashMap<>();
                Map<String, float[]> gradient = new LinkedHashMap<>();

                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList out = trainer.forward(new NDList(data[0]));
                    collector.backward(trainer.getLoss().evaluate(new NDList(data[1]), out));
                }
                watched.forEach((name, p) -> {
                    before.put(name, p.getArray().toFloatArray());
                    gradient.put(name, p.getArray().getGradient().toFloatArray());
                });
                trainer.step();

                for (Map.Entry<String, Parameter> e : watched.entrySet()) {
                    String name = e.getKey();
                    float rate = name.startsWith("flow.")
                            ? TrainMotionClassifier.RATE * MotionClassifier.FLOW_RATE_FACTOR
                            : TrainMotionClassifier.RATE;
                    float[] w0 = before.get(name);
                    float[] g = gradient.get(name);
                    float[] w1 = e.getValue().getArray().toFloatArray();
                    // plain SGD (no momentum, no weight decay): w1 = w0 - rate * g; the rate it used, by least squares
                    double num = 0;
                    double den = 0;
                    for (int i = 0; i < w0.length; i++) {
                        num += ((double) w0[i] - w1[i]) * g[i];
                        den += (double) g[i] * g[i];
                    }
                    assertTrue(den > 0, name + " has a gradient");
                    assertEquals(rate, num / den, 0.05 * rate, name + ": the learning rate DJL's optimizer applied");
                }
                assertFalse(classifier.flowParameterIds().isEmpty());
            }
        }
    }
}
