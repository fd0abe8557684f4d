package io.repflow.api;

/**
 * The parameters of one flow layer. Names are the keys used by every backend and in checkpoints
 * (prefixed by the owning block, e.g. {@code flow.theta}).
 */
public enum FlowParameter {
    THETA("theta", Learnable.THETA),
    LAMBDA("lambda", Learnable.LAMBDA),
    TAU("tau", Learnable.TAU),
    /** Forward gradient of u along W, per channel: {@code ux[j] = fx0*u[j] + fx1*u[j+1]}. */
    FX("fx", Learnable.DIVERGENCE),
    /** Forward gradient of u along H, per channel. */
    FY("fy", Learnable.DIVERGENCE),
    /** Divergence along W, per channel: {@code dx0*q[j] + dx1*q[j+1]} over the zero-padded shift. */
    DX("dx", Learnable.DIVERGENCE),
    /** Divergence along H, per channel. */
    DY("dy", Learnable.DIVERGENCE),
    /** Image gradient along W: {@code [C,3]} taps (CENTRAL) or {@code [C,3,3]} kernels (SOBEL). */
    GX("gx", Learnable.IMAGE_GRADIENT),
    /** Image gradient along H: {@code [C,3]} taps (CENTRAL) or {@code [C,3,3]} kernels (SOBEL). */
    GY("gy", Learnable.IMAGE_GRADIENT);

    private final String key;
    private final Learnable group;

    FlowParameter(String key, Learnable group) {
        this.key = key;
        this.group = group;
    }

    /** The parameter's name, e.g. {@code "theta"}. */
    public String key() {
        return key;
    }

    public Learnable group() {
        return group;
    }

    /** True for theta, lambda and tau, the layer's three scalars. */
    public boolean isScalar() {
        return this == THETA || this == LAMBDA || this == TAU;
    }

    /**
     * Why {@code value} is outside this parameter's domain, or null when it is inside. Every value must be a
     * finite float32; theta, lambda and tau must also be positive float32 normals (at least
     * {@link Float#MIN_NORMAL}): TV-L1 divides by theta, thresholds at lambda*theta and steps by tau/theta, so a
     * zero, negative, subnormal or infinite one gives NaN or meaningless flow.
     */
    public String domainProblem(double value) {
        if (!Double.isFinite(value) || Math.abs(value) > Float.MAX_VALUE) {
            return "must be finite in float32 (|value| <= " + Float.MAX_VALUE
                    + "), the precision every engine computes in";
        }
        if (isScalar() && !(value >= Float.MIN_NORMAL)) {
            return value > 0
                    ? "must be at least " + Float.MIN_NORMAL + ", the smallest normal float32 (smaller ones are 0 or"
                            + " lose precision, and TV-L1 divides by theta)"
                    : "must be > 0";
        }
        return null;
    }

    /**
     * The scalar a dotted parameter name ends in ({@code theta} of {@code rep_flow.flow.theta}), if it ends in one
     * of theta, lambda, tau.
     */
    public static java.util.Optional<FlowParameter> scalarOf(String name) {
        String key = name.substring(name.lastIndexOf('.') + 1);
        for (FlowParameter p : new FlowParameter[] {THETA, LAMBDA, TAU}) {
            if (p.key.equals(key)) {
                return java.util.Optional.of(p);
            }
        }
        return java.util.Optional.empty();
    }

    /** The parameter named {@code key}, or an error that lists the names. */
    public static FlowParameter fromKey(String key) {
        for (FlowParameter p : values()) {
            if (p.key.equals(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "unknown flow parameter '" + key + "'; known: theta, lambda, tau, fx, fy, dx, dy, gx, gy");
    }

    /** Shape of this parameter in a layer with {@code config}. */
    public Shape shape(FlowConfig config) {
        int c = config.channels();
        return switch (this) {
            case THETA, LAMBDA, TAU -> Shape.of(1);
            case FX, FY, DX, DY -> Shape.of(c, 2);
            case GX, GY -> config.imageGradient() == ImageGradient.CENTRAL ? Shape.of(c, 3) : Shape.of(c, 3, 3);
        };
    }

    /** The initial value of this parameter in a layer with {@code config} (design rule 2.2). */
    public HostTensor initial(FlowConfig config) {
        int c = config.channels();
        return switch (this) {
            case THETA -> HostTensor.scalar((float) config.theta());
            case LAMBDA -> HostTensor.scalar((float) config.lambda());
            case TAU -> HostTensor.scalar((float) config.tau());
            case FX, FY, DX, DY -> perChannel(c, new float[] {-1f, 1f}, Shape.of(c, 2));
            case GX ->
                config.imageGradient() == ImageGradient.CENTRAL
                        ? perChannel(c, new float[] {-0.5f, 0f, 0.5f}, Shape.of(c, 3))
                        : perChannel(
                                c,
                                new float[] {-1 / 8f, 0, 1 / 8f, -2 / 8f, 0, 2 / 8f, -1 / 8f, 0, 1 / 8f},
                                Shape.of(c, 3, 3));
            case GY ->
                config.imageGradient() == ImageGradient.CENTRAL
                        ? perChannel(c, new float[] {-0.5f, 0f, 0.5f}, Shape.of(c, 3))
                        : perChannel(
                                c,
                                new float[] {-1 / 8f, -2 / 8f, -1 / 8f, 0, 0, 0, 1 / 8f, 2 / 8f, 1 / 8f},
                                Shape.of(c, 3, 3));
        };
    }

    private static HostTensor perChannel(int channels, float[] taps, Shape shape) {
        float[] data = new float[channels * taps.length];
        for (int ch = 0; ch < channels; ch++) {
            System.arraycopy(taps, 0, data, ch * taps.length, taps.length);
        }
        return HostTensor.wrap(data, shape);
    }
}
