package io.repflow.bench;

import java.time.Duration;

/**
 * How JMH measures one suite: forks per parameter set (0 = run inside the one JMH JVM of the
 * backend), warm-up and measurement iterations and their durations. An iteration always runs at least
 * one call, so a call longer than the iteration time is measured once per iteration.
 */
public record JmhSettings(
        int forks, int warmupIterations, Duration warmupTime, int iterations, Duration iterationTime) {

    public JmhSettings {
        if (forks < 0 || warmupIterations < 0 || iterations < 1) {
            throw new IllegalArgumentException(
                    "JMH settings out of range: forks " + forks + " (>= 0), warm-up iterations " + warmupIterations
                            + " (>= 0), iterations " + iterations + " (>= 1)");
        }
        if (warmupTime == null
                || warmupTime.isNegative()
                || warmupTime.isZero()
                || iterationTime == null
                || iterationTime.isNegative()
                || iterationTime.isZero()) {
            throw new IllegalArgumentException("JMH iteration times must be positive; got warm-up " + warmupTime
                    + ", measurement " + iterationTime);
        }
    }

    /** One line for the report. */
    public String describe() {
        return (forks == 0
                        ? "no fork (one JVM per backend)"
                        : forks + " fork" + (forks == 1 ? "" : "s") + " per parameter set")
                + ", " + warmupIterations + " × " + millis(warmupTime) + " warm-up, " + iterations + " × "
                + millis(iterationTime) + " measured";
    }

    private static String millis(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
