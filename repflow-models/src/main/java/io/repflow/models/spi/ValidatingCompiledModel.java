package io.repflow.models.spi;

import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.Shape;
import io.repflow.models.spec.ModelSpec;
import io.repflow.spi.Capability;
import io.repflow.spi.UnsupportedCapabilityException;
import java.util.Map;
import java.util.Set;

/** The API edge of a compiled model: shapes, names, labels and finiteness checked once, with full shapes in messages. */
final class ValidatingCompiledModel implements CompiledModel {

    private final CompiledModel delegate;
    private final String backendId;
    private final boolean training;
    private final ModelSpec spec;
    private final Map<String, Shape> shapes;
    private final Set<String> trainable;

    ValidatingCompiledModel(CompiledModel delegate, String backendId, boolean training) {
        this.delegate = delegate;
        this.backendId = backendId;
        this.training = training;
        this.spec = delegate.spec();
        this.shapes = spec.parameterShapes();
        this.trainable = spec.trainableParameters();
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public Map<String, Shape> parameterShapes() {
        return shapes;
    }

    @Override
    public HostTensor parameter(String name) {
        known(name);
        return delegate.parameter(name);
    }

    @Override
    public void setParameter(String name, HostTensor value) {
        checkValue(name, value);
        delegate.setParameter(name, value);
    }

    // the engine's own bulk copy (TF: one session run for every tensor, not one per name)
    @Override
    public Map<String, HostTensor> parameters() {
        return delegate.parameters();
    }

    /** Every entry is checked before the engine sees any, so a bad one changes nothing. */
    @Override
    public void setParameters(Map<String, HostTensor> values) {
        if (values == null) {
            throw new IllegalArgumentException("parameter values are missing (null)");
        }
        values.forEach(this::checkValue);
        delegate.setParameters(values);
    }

    @Override
    public HostTensor forward(Mode mode, HostTensor clips) {
        if (mode == null) {
            throw new IllegalArgumentException("mode is missing (null)");
        }
        clips(clips);
        return delegate.forward(mode, clips);
    }

    @Override
    public LossAndGradients gradients(Batch batch, long seed) {
        requireTraining("gradients");
        batch(batch);
        return delegate.gradients(batch, seed);
    }

    @Override
    public StepResult trainStep(Batch batch, SgdStep step, long seed) {
        requireTraining("trainStep");
        batch(batch);
        if (step == null) {
            throw new IllegalArgumentException("SGD step hyper-parameters are missing (null)");
        }
        return delegate.trainStep(batch, step, seed);
    }

    @Override
    public Map<String, HostTensor> optimizerState() {
        return delegate.optimizerState();
    }

    @Override
    public void setOptimizerState(Map<String, HostTensor> state) {
        if (state == null) {
            throw new IllegalArgumentException("optimizer state is missing (null)");
        }
        if (!state.keySet().equals(trainable)) {
            Set<String> missing = new java.util.TreeSet<>(trainable);
            missing.removeAll(state.keySet());
            Set<String> extra = new java.util.TreeSet<>(state.keySet());
            extra.removeAll(trainable);
            throw new IllegalArgumentException("optimizer state of model '" + spec.name()
                    + "' must hold one momentum buffer per trainable parameter; missing " + missing + ", unknown "
                    + extra);
        }
        state.forEach((name, value) -> {
            if (value == null) {
                throw new IllegalArgumentException("momentum buffer '" + name + "' is missing (null)");
            }
            value.requireShape("momentum buffer '" + name + "'", shapes.get(name))
                    .requireFinite("momentum buffer '" + name + "'");
        });
        delegate.setOptimizerState(state);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return "CompiledModel[" + backendId + ", " + spec.name() + "]";
    }

    private void checkValue(String name, HostTensor value) {
        Shape expected = known(name);
        if (value == null) {
            throw new IllegalArgumentException("value for parameter '" + name + "' is missing (null)");
        }
        value.requireShape("parameter '" + name + "'", expected).requireFinite("parameter '" + name + "'");
    }

    private Shape known(String name) {
        Shape s = name == null ? null : shapes.get(name);
        if (s == null) {
            throw new IllegalArgumentException("model '" + spec.name() + "' has no parameter or buffer '" + name
                    + "'; it has " + shapes.size() + " names, e.g. "
                    + shapes.keySet().stream().limit(4).toList());
        }
        return s;
    }

    private void clips(HostTensor clips) {
        if (clips == null) {
            throw new IllegalArgumentException("clips are missing (null)");
        }
        Shape s = clips.shape();
        Shape expected = spec.inputShape(s.rank() == 5 ? Math.max(1, s.dim(0)) : 1);
        if (s.rank() != 5 || s.dim(0) < 1 || !s.equals(expected)) {
            throw new IllegalArgumentException("model '" + spec.name() + "' reads clips [B, C, T, H, W] = [B, "
                    + spec.input().channels() + ", " + spec.input().frames() + ", "
                    + spec.input().height() + ", " + spec.input().width() + "] with B >= 1 but got " + s);
        }
        clips.requireFinite("clips");
    }

    private void batch(Batch batch) {
        if (batch == null) {
            throw new IllegalArgumentException("batch is missing (null)");
        }
        clips(batch.clips());
        int[] labels = batch.labels();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= spec.numClasses()) {
                throw new IllegalArgumentException(
                        "label " + labels[i] + " at batch index " + i + " is out of range; model '" + spec.name()
                                + "' has " + spec.numClasses() + " classes [0, " + spec.numClasses() + ")");
            }
        }
    }

    private void requireTraining(String operation) {
        if (!training) {
            throw new UnsupportedCapabilityException(backendId, Capability.TRAINING, operation);
        }
    }
}
