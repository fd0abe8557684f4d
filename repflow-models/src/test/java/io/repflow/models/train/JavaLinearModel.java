package io.repflow.models.train;

import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import io.repflow.models.spec.ClipShape;
import io.repflow.models.spec.Dropout;
import io.repflow.models.spec.Flatten;
import io.repflow.models.spec.GlobalAvgPool;
import io.repflow.models.spec.Layer;
import io.repflow.models.spec.Linear;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spec.Sequential;
import io.repflow.models.spec.TemporalMean;
import io.repflow.models.spi.Batch;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.spi.LossAndGradients;
import io.repflow.models.spi.SgdStep;
import io.repflow.models.spi.StepResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A pure-Java test double of {@link CompiledModel} for one spec shape: GlobalAvgPool, optional
 * Dropout, Linear {@code fc}, TemporalMean, Flatten — per-frame softmax regression. It follows the
 * SPI's contract (SGD formula, purity of gradients, seeded dropout) so the loop can be tested
 * without an engine.
 */
final class JavaLinearModel implements CompiledModel {

    private final ModelSpec spec;
    private final double dropout;
    private final Map<String, float[]> values = new LinkedHashMap<>();
    private final Map<String, float[]> momentum = new LinkedHashMap<>();
    private final Random trainForwardRandom = new Random(0);

    JavaLinearModel(ModelSpec spec, long seed) {
        this.spec = spec;
        List<Layer> layers = ((Sequential) spec.network()).layers();
        this.dropout = layers.get(1) instanceof Dropout d ? d.p() : 0;
        spec.initialParameters(seed).forEach((k, v) -> values.put(k, v.toArray()));
        spec.trainableParameters()
                .forEach(k ->
                        momentum.put(k, new float[spec.parameterShapes().get(k).size()]));
    }

    static ModelSpec spec(ClipShape clip, int classes, double dropout) {
        List<Layer> layers = new ArrayList<>();
        layers.add(new GlobalAvgPool());
        if (dropout > 0) {
            layers.add(new Dropout(dropout));
        }
        layers.add(new Linear("fc", clip.channels(), classes));
        layers.add(new TemporalMean());
        layers.add(new Flatten());
        return new ModelSpec("linear" + (dropout > 0 ? "-dropout" : ""), clip, classes, new Sequential("", layers));
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public HostTensor parameter(String name) {
        return HostTensor.of(values.get(name), spec.parameterShapes().get(name));
    }

    @Override
    public void setParameter(String name, HostTensor value) {
        values.put(name, value.toArray());
    }

    @Override
    public HostTensor forward(Mode mode, HostTensor clips) {
        return pass(clips, mode == Mode.TRAIN ? trainForwardRandom : null).logits();
    }

    @Override
    public LossAndGradients gradients(Batch batch, long seed) {
        Pass p = pass(batch.clips(), new Random(seed));
        return p.backward(batch.labels());
    }

    @Override
    public StepResult trainStep(Batch batch, SgdStep step, long seed) {
        LossAndGradients lg = gradients(batch, seed);
        for (String name : spec.trainableParameters()) {
            float[] w = values.get(name);
            float[] g = lg.gradients().get(name).toArray();
            float[] buf = momentum.get(name);
            float lr = (float) step.learningRate(spec.group(name));
            for (int i = 0; i < w.length; i++) {
                float d = g[i] + (float) step.weightDecay() * w[i];
                buf[i] = (float) step.momentum() * buf[i] + d;
                w[i] = w[i] - lr * buf[i];
            }
        }
        return new StepResult(lg.loss(), lg.gradientNorm(), lg.logits());
    }

    @Override
    public Map<String, HostTensor> optimizerState() {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        momentum.forEach(
                (k, v) -> out.put(k, HostTensor.of(v, spec.parameterShapes().get(k))));
        return out;
    }

    @Override
    public void setOptimizerState(Map<String, HostTensor> state) {
        state.forEach((k, v) -> momentum.put(k, v.toArray()));
    }

    @Override
    public void close() {
        // nothing native
    }

    private record Pass(
            JavaLinearModel m, float[][][] features, int batch, int channels, int frames, HostTensor logits) {

        LossAndGradients backward(int[] labels) {
            int classes = m.spec.numClasses();
            float[] l = logits.toArray();
            double loss = 0;
            float[] dw = new float[classes * channels];
            float[] db = new float[classes];
            for (int b = 0; b < batch; b++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < classes; k++) {
                    max = Math.max(max, l[b * classes + k]);
                }
                double sum = 0;
                for (int k = 0; k < classes; k++) {
                    sum += Math.exp(l[b * classes + k] - max);
                }
                loss += -(l[b * classes + labels[b]] - max - Math.log(sum));
                for (int k = 0; k < classes; k++) {
                    double g = (Math.exp(l[b * classes + k] - max) / sum - (k == labels[b] ? 1 : 0)) / batch;
                    db[k] += (float) g;
                    for (int t = 0; t < frames; t++) {
                        for (int c = 0; c < channels; c++) {
                            dw[k * channels + c] += (float) (g / frames * features[b][t][c]);
                        }
                    }
                }
            }
            Map<String, HostTensor> grads = new LinkedHashMap<>();
            grads.put("fc.weight", HostTensor.wrap(dw, Shape.of(classes, channels)));
            grads.put("fc.bias", HostTensor.wrap(db, Shape.of(classes)));
            return new LossAndGradients(loss / batch, logits, grads);
        }
    }

    private Pass pass(HostTensor clips, Random dropoutRandom) {
        int b = clips.dim(0);
        int c = clips.dim(1);
        int t = clips.dim(2);
        int hw = clips.dim(3) * clips.dim(4);
        int classes = spec.numClasses();
        float[] x = clips.toArray();
        float[][][] f = new float[b][t][c];
        for (int i = 0; i < b; i++) {
            for (int ch = 0; ch < c; ch++) {
                for (int tt = 0; tt < t; tt++) {
                    double s = 0;
                    int base = ((i * c + ch) * t + tt) * hw;
                    for (int p = 0; p < hw; p++) {
                        s += x[base + p];
                    }
                    float v = (float) (s / hw);
                    if (dropoutRandom != null && dropout > 0) {
                        v = dropoutRandom.nextDouble() < dropout ? 0 : (float) (v / (1 - dropout));
                    }
                    f[i][tt][ch] = v;
                }
            }
        }
        float[] w = values.get("fc.weight");
        float[] bias = values.get("fc.bias");
        float[] logits = new float[b * classes];
        for (int i = 0; i < b; i++) {
            for (int k = 0; k < classes; k++) {
                double s = 0;
                for (int tt = 0; tt < t; tt++) {
                    double y = bias[k];
                    for (int ch = 0; ch < c; ch++) {
                        y += w[k * c + ch] * f[i][tt][ch];
                    }
                    s += y;
                }
                logits[i * classes + k] = (float) (s / t);
            }
        }
        return new Pass(this, f, b, c, t, HostTensor.wrap(logits, Shape.of(b, classes)));
    }
}
