package io.repflow.models.spi;

import io.repflow.api.HostTensor;
import io.repflow.models.spec.ParameterGroup;
import java.util.Collection;

/**
 * The hyper-parameters of one SGD step (PyTorch {@code torch.optim.SGD} with two parameter groups,
 * dampening 0, no Nesterov). See {@link CompiledModel#trainStep} for the exact update.
 *
 * @param learningRate     base learning rate, for {@link ParameterGroup#DEFAULT}, &ge; 0
 * @param flowRateScale    the {@link ParameterGroup#FLOW} group's rate is {@code learningRate * flowRateScale} (paper: 0.01)
 * @param momentum         in [0, 1) (paper: 0.9)
 * @param weightDecay      L2 coefficient added to the gradient of every trainable parameter, both groups, &ge; 0
 */
public record SgdStep(double learningRate, double flowRateScale, double momentum, double weightDecay) {

    public static final double PAPER_FLOW_RATE_SCALE = 0.01;
    public static final double PAPER_MOMENTUM = 0.9;

    public SgdStep {
        if (!(learningRate >= 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException(
                    "learningRate = " + learningRate + " is out of range; must be finite and >= 0");
        }
        if (!(flowRateScale >= 0) || !Double.isFinite(flowRateScale)) {
            throw new IllegalArgumentException(
                    "flowRateScale = " + flowRateScale + " is out of range; must be finite and >= 0");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum = " + momentum + " is out of range; must be in [0, 1)");
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException(
                    "weightDecay = " + weightDecay + " is out of range; must be finite and >= 0");
        }
    }

    /** The paper's setting at base rate {@code learningRate}: flow at 0.01x, momentum 0.9. */
    public static SgdStep paper(double learningRate, double weightDecay) {
        return new SgdStep(learningRate, PAPER_FLOW_RATE_SCALE, PAPER_MOMENTUM, weightDecay);
    }

    /** The learning rate of {@code group}. */
    public double learningRate(ParameterGroup group) {
        return group == ParameterGroup.FLOW ? learningRate * flowRateScale : learningRate;
    }

    public SgdStep withLearningRate(double lr) {
        return new SgdStep(lr, flowRateScale, momentum, weightDecay);
    }

    /** One parameter's weights and momentum buffer after a step. */
    public record Update(HostTensor weights, HostTensor momentum) {}

    /**
     * The float32 step of one parameter of {@code group}, for engines that update on the host:
     * {@code d = g + weightDecay * w; buf = momentum * buf + d; w = w - lr(group) * buf}, element by element
     * in that order, so that every such engine rounds alike and resumes bit for bit.
     */
    public Update apply(ParameterGroup group, HostTensor weights, HostTensor buffer, HostTensor gradient) {
        if (!weights.shape().equals(buffer.shape()) || !weights.shape().equals(gradient.shape())) {
            throw new IllegalArgumentException("SGD step: weights " + weights.shape() + ", momentum " + buffer.shape()
                    + " and gradient " + gradient.shape() + " must have one shape");
        }
        float lr = (float) learningRate(group);
        float m = (float) momentum;
        float decay = (float) weightDecay;
        float[] w = weights.toArray();
        float[] buf = buffer.toArray();
        for (int i = 0; i < w.length; i++) {
            float d = gradient.flat(i) + decay * w[i];
            buf[i] = m * buf[i] + d;
            w[i] = w[i] - lr * buf[i];
        }
        return new Update(HostTensor.wrap(w, weights.shape()), HostTensor.wrap(buf, weights.shape()));
    }

    /** The L2 norm over every element of {@code gradients}, in double precision. */
    public static double gradientNorm(Collection<HostTensor> gradients) {
        double sum = 0;
        for (HostTensor g : gradients) {
            for (int i = 0; i < g.size(); i++) {
                sum += (double) g.flat(i) * g.flat(i);
            }
        }
        return Math.sqrt(sum);
    }
}
