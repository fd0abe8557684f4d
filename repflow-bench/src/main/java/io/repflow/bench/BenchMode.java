package io.repflow.bench;

/** How much to measure. */
public enum BenchMode {
    /**
     * CI smoke run (under two minutes): the smallest shapes, one JVM per backend (JMH without forks),
     * short iterations. Proves the machinery; its figures are not for reading.
     */
    QUICK,
    /** Every shape of the plan, each JMH parameter set in its own forked JVM: the report's figures. */
    FULL
}
