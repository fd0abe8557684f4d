package io.repflow.api;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One flow layer (docs/design.md, rules 2.1–2.4): how many channels it works on, how many TV-L1 iterations it unrolls,
 * the initial scalars, which parameter groups learn and how the image gradient is taken.
 *
 * @param channels      channels of F1 and F2 (C'; 32 inside a rep-flow block by default)
 * @param iterations    unrolled TV-L1 iterations, 1 to {@value #MAX_ITERATIONS}
 * @param theta         initial theta, &gt; 0 (0.3)
 * @param lambda        initial lambda, &gt; 0 (0.15)
 * @param tau           initial tau, &gt; 0 (0.25); the three, lambda*theta and tau/theta must be normal
 *                      float32 numbers ({@link FlowParameter#domainProblem}), else no engine can give a finite flow
 * @param learnable     parameter groups that are trained
 * @param imageGradient CENTRAL (default) or SOBEL
 */
public record FlowConfig(
        int channels,
        int iterations,
        double theta,
        double lambda,
        double tau,
        Set<Learnable> learnable,
        ImageGradient imageGradient) {

    public static final int MAX_ITERATIONS = 1000;
    public static final int DEFAULT_CHANNELS = 32;
    public static final int DEFAULT_ITERATIONS = 20;
    public static final double DEFAULT_THETA = 0.3;
    public static final double DEFAULT_LAMBDA = 0.15;
    public static final double DEFAULT_TAU = 0.25;

    public FlowConfig {
        Checks.atLeast("flow.channels", channels, 1);
        Checks.inRange("flow.iterations", iterations, 1, MAX_ITERATIONS);
        Checks.positive("flow.theta", theta);
        Checks.positive("flow.lambda", lambda);
        Checks.positive("flow.tau", tau);
        scalar("flow.theta", FlowParameter.THETA, theta);
        scalar("flow.lambda", FlowParameter.LAMBDA, lambda);
        scalar("flow.tau", FlowParameter.TAU, tau);
        derived("flow.lambda * flow.theta", "the thresholds of the TV-L1 step", lambda * theta, lambda, theta);
        derived("flow.tau / flow.theta", "the dual step of TV-L1", tau / theta, tau, theta);
        Checks.notNull("flow.learnable", learnable);
        Checks.notNull("flow.imageGradient", imageGradient);
        learnable = learnable.isEmpty() ? Learnable.none() : Collections.unmodifiableSet(EnumSet.copyOf(learnable));
    }

    private static void scalar(String field, FlowParameter p, double value) {
        String problem = p.domainProblem(value);
        if (problem != null) {
            throw new IllegalArgumentException(field + " = " + value + " is out of range; " + problem);
        }
    }

    /** A product or quotient of the scalars that must itself be a positive float32 normal. */
    private static void derived(String field, String role, double value, double a, double b) {
        if (!(value >= Float.MIN_NORMAL && value <= Float.MAX_VALUE)) {
            throw new IllegalArgumentException(
                    field + " = " + value + " (from " + a + " and " + b + ") is out of range;"
                            + " it is " + role + " and must lie in [" + Float.MIN_NORMAL + ", " + Float.MAX_VALUE
                            + "] to be finite and non-zero in float32");
        }
    }

    /** Defaults with {@code channels} channels. */
    public static FlowConfig of(int channels) {
        return builder().channels(channels).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .channels(channels)
                .iterations(iterations)
                .theta(theta)
                .lambda(lambda)
                .tau(tau)
                .learnable(learnable)
                .imageGradient(imageGradient);
    }

    public FlowConfig withChannels(int c) {
        return toBuilder().channels(c).build();
    }

    public FlowConfig withIterations(int n) {
        return toBuilder().iterations(n).build();
    }

    public boolean learns(FlowParameter parameter) {
        return learnable.contains(parameter.group());
    }

    /**
     * The keys of the parameters that train (design rule 2.3), in {@link FlowParameter} order: those whose group
     * is in {@link #learnable()}. Every engine's flow layer reports exactly these as trainable.
     */
    public Set<String> trainableParameters() {
        Set<String> names = new LinkedHashSet<>();
        for (FlowParameter p : FlowParameter.values()) {
            if (learns(p)) {
                names.add(p.key());
            }
        }
        return Collections.unmodifiableSet(names);
    }

    /** Parameter shapes in the fixed order theta, lambda, tau, fx, fy, dx, dy, gx, gy. */
    public Map<String, Shape> parameterShapes() {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (FlowParameter p : FlowParameter.values()) {
            shapes.put(p.key(), p.shape(this));
        }
        return Collections.unmodifiableMap(shapes);
    }

    /** Initial values, in {@link #parameterShapes()} order. */
    public Map<String, HostTensor> initialParameters() {
        Map<String, HostTensor> values = new LinkedHashMap<>();
        for (FlowParameter p : FlowParameter.values()) {
            values.put(p.key(), p.initial(this));
        }
        return Collections.unmodifiableMap(values);
    }

    /** Builder with the defaults of design rules 2.2–2.4. */
    public static final class Builder {
        private int channels = DEFAULT_CHANNELS;
        private int iterations = DEFAULT_ITERATIONS;
        private double theta = DEFAULT_THETA;
        private double lambda = DEFAULT_LAMBDA;
        private double tau = DEFAULT_TAU;
        private Set<Learnable> learnable = Learnable.defaults();
        private ImageGradient imageGradient = ImageGradient.CENTRAL;

        private Builder() {}

        public Builder channels(int v) {
            channels = v;
            return this;
        }

        public Builder iterations(int v) {
            iterations = v;
            return this;
        }

        public Builder theta(double v) {
            theta = v;
            return this;
        }

        public Builder lambda(double v) {
            lambda = v;
            return this;
        }

        public Builder tau(double v) {
            tau = v;
            return this;
        }

        public Builder learnable(Set<Learnable> v) {
            learnable = v;
            return this;
        }

        public Builder imageGradient(ImageGradient v) {
            imageGradient = v;
            return this;
        }

        public FlowConfig build() {
            return new FlowConfig(channels, iterations, theta, lambda, tau, learnable, imageGradient);
        }
    }
}
