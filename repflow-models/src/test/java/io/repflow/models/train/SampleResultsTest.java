package io.repflow.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import io.repflow.models.eval.ClassificationMetrics;
import io.repflow.models.eval.Evaluator;
import io.repflow.models.eval.MultiViewClip;
import io.repflow.models.eval.SampleResult;
import io.repflow.models.eval.ViewBatch;
import io.repflow.models.spec.ClipShape;
import io.repflow.models.spec.FeatureSpecs;
import io.repflow.models.spec.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Evaluator.score's per-sample results against views run one by one and averaged by hand. */
class SampleResultsTest {

    private static final ClipShape CLIP = new ClipShape(3, 2, 4, 4);
    private static final int CLASSES = 5;

    @Test
    void anyBatchSizeGivesEachVideoTheMeanOfItsViewsSoftmaxAndLogitsInOrder() {
        ModelSpec spec = JavaLinearModel.spec(CLIP, CLASSES, 0);
        JavaLinearModel model = new JavaLinearModel(spec, 3);
        List<MultiViewClip> videos = videos(new Random(5), new int[] {1, 3, 2, 5, 1, 4});
        List<HostTensor> rows = new ArrayList<>();
        List<Integer> samples = new ArrayList<>();
        for (int i = 0; i < videos.size(); i++) {
            for (HostTensor v : videos.get(i).views()) {
                rows.add(v);
                samples.add(10 + i);
            }
        }
        int[] owner = samples.stream().mapToInt(Integer::intValue).toArray();
        int[] labels =
                samples.stream().mapToInt(s -> videos.get(s - 10).label()).toArray();
        ViewBatch batch = new ViewBatch(Evaluator.stack(rows), labels, owner);
        for (int size : new int[] {1, 2, 3, 7, 64}) {
            List<SampleResult> out = new ArrayList<>();
            new Evaluator(size).score(model, null, batch, out::add);
            assertEquals(videos.size(), out.size(), "batch " + size + ": one result per video");
            for (int i = 0; i < videos.size(); i++) {
                SampleResult p = out.get(i);
                assertEquals(10 + i, p.sample(), "batch " + size + ": results come in the order samples appear");
                assertEquals(videos.get(i).label(), p.label());
                assertEquals(videos.get(i).views().size(), p.views());
                assertNull(p.features());
                double[][] byHand = byHand(model, videos.get(i));
                assertArrayEquals(byHand[0], p.probabilities(), 1e-12, "batch " + size + " video " + i);
                assertArrayEquals(byHand[1], p.logits(), 1e-6, "batch " + size + " video " + i);
            }
        }
    }

    @Test
    void topRanksByProbabilityWithTiesToTheLowerClass() {
        double[] p = {0.1, 0.3, 0.3, 0.05, 0.25};
        SampleResult v = new SampleResult(0, 0, p, new double[5], null, 1);
        assertArrayEquals(new int[] {1, 2, 4}, v.top(3));
        assertArrayEquals(new int[] {1, 2, 4, 0, 3}, v.top(9));
    }

    @Test
    void pooledFeaturesAreTheClassifiersInputMeanOverTimeWithTheSameParameterNames() {
        ModelSpec spec = JavaLinearModel.spec(CLIP, CLASSES, 0.5);
        ModelSpec features = FeatureSpecs.pooledFeatures(spec);
        assertEquals(Shape.of(2, CLIP.channels()), features.outputShape(2));
        assertEquals(CLIP, features.input());
        assertTrue(spec.parameterShapes()
                .keySet()
                .containsAll(features.parameterShapes().keySet()));
    }

    private static double[][] byHand(JavaLinearModel model, MultiViewClip video) {
        double[] p = new double[CLASSES];
        double[] l = new double[CLASSES];
        for (HostTensor view : video.views()) {
            float[] logits =
                    model.forward(Mode.EVAL, Evaluator.stack(List.of(view))).toArray();
            double[] s = ClassificationMetrics.softmax(logits, 0, CLASSES);
            for (int k = 0; k < CLASSES; k++) {
                p[k] += s[k] / video.views().size();
                l[k] += logits[k] / (double) video.views().size();
            }
        }
        return new double[][] {p, l};
    }

    private static List<MultiViewClip> videos(Random rng, int[] views) {
        List<MultiViewClip> out = new ArrayList<>();
        for (int i = 0; i < views.length; i++) {
            List<HostTensor> v = new ArrayList<>();
            for (int j = 0; j < views[i]; j++) {
                float[] d = new float[CLIP.shape(1).size()];
                for (int k = 0; k < d.length; k++) {
                    d[k] = (float) rng.nextGaussian();
                }
                v.add(HostTensor.wrap(d, Shape.of(CLIP.channels(), CLIP.frames(), CLIP.height(), CLIP.width())));
            }
            out.add(new MultiViewClip(v, i % CLASSES));
        }
        return out;
    }
}
