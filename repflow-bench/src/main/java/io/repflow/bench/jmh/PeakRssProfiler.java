package io.repflow.bench.jmh;

import io.repflow.bench.internal.ProcStatus;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler ({@code -prof io.repflow.bench.jmh.PeakRssProfiler}) reporting the peak resident set
 * of the benchmark JVM after each iteration — {@code VmHWM} of {@code /proc/self/status}, which
 * counts Java heap, engine natives and everything else — as {@value #PEAK}, in MiB, aggregated by
 * maximum. Linux only; elsewhere it reports nothing.
 */
public final class PeakRssProfiler implements InternalProfiler {

    /** The secondary result's name. */
    public static final String PEAK = "rss.peak";

    @Override
    public String getDescription() {
        return "peak resident set size of the benchmark JVM (VmHWM of /proc/self/status), MiB";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        // VmHWM is a high-water mark kept by the kernel: nothing to start
    }

    @Override
    public Collection<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        long kib = ProcStatus.peakResidentKib();
        return kib < 0 ? List.of() : List.of(new ScalarResult(PEAK, kib / 1024.0, "MiB", AggregationPolicy.MAX));
    }
}
