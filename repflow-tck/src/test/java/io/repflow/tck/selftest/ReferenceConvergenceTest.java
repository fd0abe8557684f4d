package io.repflow.tck.selftest;

import io.repflow.tck.TrainingConvergenceContract;
import org.junit.jupiter.api.Tag;

/**
 * The convergence contract on the float64 reference compiler: evidence that the contract's task and
 * thresholds are reachable with the paper's optimiser (about 2 minutes of CPU, so tagged heavy and
 * run with {@code -Pheavy-tests}).
 */
@Tag("heavy")
class ReferenceConvergenceTest extends TrainingConvergenceContract {
    ReferenceConvergenceTest() {
        super("reference");
    }
}
