package io.repflow.models.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spi.Batch;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.spi.LossAndGradients;
import io.repflow.models.spi.SgdStep;
import io.repflow.models.spi.StepResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void topKMeanClassAndConfusionByHand() {
        ClassificationMetrics m = new ClassificationMetrics(6);
        // label 0, predicted 0
        m.add(new double[] {0.5, 0.1, 0.1, 0.1, 0.1, 0.1}, 0);
        // label 1, predicted 0, label ranked 2nd
        m.add(new double[] {0.4, 0.3, 0.1, 0.1, 0.05, 0.05}, 1);
        // label 5 ranked last: not in top 5
        m.add(new double[] {0.3, 0.25, 0.2, 0.15, 0.1, 0.0}, 5);
        // label 1, predicted 1
        m.add(new double[] {0.0, 0.9, 0.1, 0.0, 0.0, 0.0}, 1);
        EvaluationResult r = m.result();
        assertEquals(4, r.samples());
        assertEquals(0.5, r.top1());
        assertEquals(0.75, r.top5());
        // classes present: 0 (1/1), 1 (1/2), 5 (0/1)
        assertEquals((1.0 + 0.5 + 0.0) / 3, r.meanClassAccuracy(), 1e-15);
        assertEquals(1, r.confusion().count(1, 0));
        assertEquals(1, r.confusion().count(5, 0));
        assertEquals(2, r.confusion().support(1));
        double loss = (-Math.log(0.5) - Math.log(0.3) - Math.log(Double.MIN_NORMAL) - Math.log(0.9)) / 4;
        assertEquals(loss, r.meanLoss(), 1e-12);
    }

    @Test
    void multiViewAveragesProbabilitiesNotVotes() {
        // a "model" whose logits are the first two values of each clip
        CompiledModel model = new FixedLogits();
        // view logits (2, 0) -> p0 = 0.881; (0, 1) twice -> p0 = 0.269: mean p0 = 0.473 -> class 1 wins
        MultiViewClip video = new MultiViewClip(List.of(view(2, 0), view(0, 1), view(0, 1)), 1);
        // one strongly-right view beats two weakly-wrong ones: (5, 0) and (0, 0.2) twice -> mean p0 = (0.9933 +
        // 2*0.4502)/3 > 0.5
        MultiViewClip video2 = new MultiViewClip(List.of(view(0, 0.2f), view(5, 0), view(0, 0.2f)), 0);
        MultiViewDataset data = new MultiViewDataset() {
            @Override
            public int size() {
                return 2;
            }

            @Override
            public MultiViewClip get(int index) {
                return index == 0 ? video : video2;
            }
        };
        for (int batch : new int[] {1, 2, 4, 16}) {
            EvaluationResult r = new Evaluator(batch).evaluate(model, data);
            assertEquals(1.0, r.top1(), "batch " + batch);
            double p1 = (1 / (1 + Math.exp(2)) + 2 / (1 + Math.exp(-1))) / 3;
            double p0 = (2 / (1 + Math.exp(0.2)) + 1 / (1 + Math.exp(-5))) / 3;
            assertEquals((-Math.log(p1) - Math.log(p0)) / 2, r.meanLoss(), 1e-6, "batch " + batch);
            assertArrayEquals(new long[][] {{1, 0}, {0, 1}}, r.confusion().toArray());
        }
    }

    private static HostTensor view(float a, float b) {
        return HostTensor.of(new float[] {a, b, 0, 0}, 1, 1, 2, 2);
    }

    private static final class FixedLogits implements CompiledModel {
        @Override
        public ModelSpec spec() {
            return io.repflow.models.spec.TinySpecs.linear(2);
        }

        @Override
        public HostTensor parameter(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setParameter(String name, HostTensor value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public HostTensor forward(Mode mode, HostTensor clips) {
            int b = clips.dim(0);
            float[] out = new float[b * 2];
            for (int i = 0; i < b; i++) {
                out[2 * i] = clips.get(i, 0, 0, 0, 0);
                out[2 * i + 1] = clips.get(i, 0, 0, 0, 1);
            }
            return HostTensor.wrap(out, Shape.of(b, 2));
        }

        @Override
        public LossAndGradients gradients(Batch batch, long seed) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StepResult trainStep(Batch batch, SgdStep step, long seed) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, HostTensor> optimizerState() {
            return Map.of();
        }

        @Override
        public void setOptimizerState(Map<String, HostTensor> state) {}

        @Override
        public void close() {}
    }
}
