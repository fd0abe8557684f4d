package io.repflow.models.spec;

import io.repflow.api.Shape;
import java.util.ArrayList;
import java.util.List;

/** Models derived from a trained one that read the same clips and share its parameter names. */
public final class FeatureSpecs {

    private FeatureSpecs() {}

    /**
     * The pooled features of {@code spec}: its network up to its classifier (the last top-level
     * {@link Linear}; a {@link Dropout} right before it, the identity when evaluating, is left out),
     * then the mean over the remaining time and space, so the output is {@code [B, F]} with F the
     * classifier's input width. Where everything after the classifier is a mean (as in every
     * repflow architecture: {@link TemporalMean}, {@link Flatten}), the logits are exactly
     * {@code fc.weight * features + fc.bias}. Every parameter of the result is a parameter of
     * {@code spec} with the same name, so a checkpoint of {@code spec} restores it (without the
     * classifier's).
     *
     * @throws ModelSpecException when the network is not a {@link Sequential} ending in a classifier
     */
    public static ModelSpec pooledFeatures(ModelSpec spec) {
        if (!(spec.network() instanceof Sequential top)) {
            throw new ModelSpecException("model '" + spec.name() + "' is a "
                    + spec.network().getClass().getSimpleName()
                    + "; pooled features need one network (a Sequential) ending in a Linear classifier");
        }
        List<Layer> layers = top.layers();
        int fc = -1;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Linear) {
                fc = i;
            }
        }
        if (fc < 0) {
            throw new ModelSpecException("model '" + spec.name() + "' has no top-level Linear classifier");
        }
        for (Layer after : layers.subList(fc + 1, layers.size())) {
            if (!(after instanceof TemporalMean || after instanceof Flatten)) {
                throw new ModelSpecException("model '" + spec.name() + "' has " + after
                        + " after its classifier; pooled features need only means (TemporalMean, Flatten) there");
            }
        }
        int end = fc > 0 && layers.get(fc - 1) instanceof Dropout ? fc - 1 : fc;
        List<Layer> prefix = new ArrayList<>(layers.subList(0, end));
        Shape out = SpecAnalysis.of(new Sequential(top.name(), prefix), spec.inputShape(1)).output;
        if (out.rank() == 5) {
            if (out.dim(3) != 1 || out.dim(4) != 1) {
                prefix.add(new GlobalAvgPool());
            }
            if (out.dim(2) != 1) {
                prefix.add(new TemporalMean());
            }
            prefix.add(new Flatten());
        }
        int width = ((Linear) layers.get(fc)).inFeatures();
        return new ModelSpec(spec.name() + "-features", spec.input(), width, new Sequential(top.name(), prefix));
    }
}
