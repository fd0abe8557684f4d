package io.repflow.api;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** Groups of flow-layer parameters that can be trained; the rest stay at their values. */
public enum Learnable {
    /** The image-gradient kernels {@code gx, gy}. */
    IMAGE_GRADIENT,
    /** The forward-gradient kernels {@code fx, fy} and the divergence kernels {@code dx, dy}. */
    DIVERGENCE,
    THETA,
    LAMBDA,
    TAU;

    /** The paper's best setting (Table 2): divergence kernels and the three scalars. */
    public static Set<Learnable> defaults() {
        return Collections.unmodifiableSet(EnumSet.of(DIVERGENCE, THETA, LAMBDA, TAU));
    }

    public static Set<Learnable> all() {
        return Collections.unmodifiableSet(EnumSet.allOf(Learnable.class));
    }

    public static Set<Learnable> none() {
        return Collections.unmodifiableSet(EnumSet.noneOf(Learnable.class));
    }
}
