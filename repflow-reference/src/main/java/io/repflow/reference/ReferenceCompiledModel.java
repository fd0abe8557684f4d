package io.repflow.reference;

import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spi.Batch;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.spi.LossAndGradients;
import io.repflow.models.spi.SgdStep;
import io.repflow.models.spi.StepResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link ReferenceModel} behind the {@link CompiledModel} SPI: float64 inside, float32 at the
 * surface, the SGD update of the SPI's javadoc in float64. Its state (weights, running statistics,
 * momentum) is kept rounded to float32 between calls, like a float32 engine's, so exporting and
 * importing it resumes exactly. Dropout is the identity (the reference has no masks), so it is
 * deterministic whatever the seed.
 */
public final class ReferenceCompiledModel implements CompiledModel {

    private final ReferenceModel model;
    private final Map<String, DoubleTensor> momentum = new LinkedHashMap<>();

    public ReferenceCompiledModel(ModelSpec spec, long seed) {
        this.model = new ReferenceModel(spec, spec.initialParameters(seed));
        spec.trainableParameters()
                .forEach(name -> momentum.put(
                        name, new DoubleTensor(spec.parameterShapes().get(name))));
    }

    @Override
    public ModelSpec spec() {
        return model.spec();
    }

    @Override
    public HostTensor parameter(String name) {
        return model.parameter(name).toHost();
    }

    @Override
    public void setParameter(String name, HostTensor value) {
        model.setParameter(name, DoubleTensor.of(value));
    }

    @Override
    public HostTensor forward(Mode mode, HostTensor clips) {
        HostTensor out = model.forward(mode, DoubleTensor.of(clips)).toHost();
        roundState();
        return out;
    }

    /** Rounds every stored value to float32, as a float32 engine would hold it. */
    private void roundState() {
        for (String name : model.spec().parameterShapes().keySet()) {
            model.setParameter(name, DoubleTensor.of(model.parameter(name).toHost()));
        }
        momentum.replaceAll((k, v) -> DoubleTensor.of(v.toHost()));
    }

    @Override
    public LossAndGradients gradients(Batch batch, long seed) {
        ReferenceModel.LossGradients lg = model.lossAndGradients(DoubleTensor.of(batch.clips()), batch.labels());
        Map<String, HostTensor> grads = new LinkedHashMap<>();
        lg.gradients().forEach((k, v) -> grads.put(k, v.toHost()));
        return new LossAndGradients(lg.loss(), lg.logits().toHost(), grads);
    }

    @Override
    public StepResult trainStep(Batch batch, SgdStep step, long seed) {
        DoubleTensor clips = DoubleTensor.of(batch.clips());
        ReferenceModel.LossGradients lg = model.lossAndGradients(clips, batch.labels());
        model.forward(Mode.TRAIN, clips); // the step's forward pass updates the running statistics once
        double sq = 0;
        for (Map.Entry<String, DoubleTensor> e : lg.gradients().entrySet()) {
            DoubleTensor g = e.getValue();
            sq += g.dot(g);
            DoubleTensor w = model.parameter(e.getKey()).copy();
            DoubleTensor buf = momentum.get(e.getKey());
            double lr = step.learningRate(model.spec().group(e.getKey()));
            for (int i = 0; i < w.size(); i++) {
                double d = g.get(i) + step.weightDecay() * w.get(i);
                buf.set(i, step.momentum() * buf.get(i) + d);
                w.set(i, w.get(i) - lr * buf.get(i));
            }
            model.setParameter(e.getKey(), w);
        }
        roundState();
        return new StepResult(lg.loss(), Math.sqrt(sq), lg.logits().toHost());
    }

    @Override
    public Map<String, HostTensor> optimizerState() {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        momentum.forEach((k, v) -> out.put(k, v.toHost()));
        return out;
    }

    @Override
    public void setOptimizerState(Map<String, HostTensor> state) {
        state.forEach((k, v) -> momentum.put(k, DoubleTensor.of(v)));
    }

    @Override
    public void close() {
        // plain Java memory
    }
}
