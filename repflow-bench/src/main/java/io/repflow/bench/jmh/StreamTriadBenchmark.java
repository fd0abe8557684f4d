package io.repflow.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * STREAM's triad in Java, {@code a[i] = b[i] + s * c[i]}, over three float arrays of {@code elements}
 * values each (far beyond any cache), split into {@code threads} contiguous chunks run by as many
 * threads: the machine's sustained memory bandwidth, the floor of the flow-layer rows. C2 vectorises
 * the loop, so the cores are not the limit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
public class StreamTriadBenchmark {

    /** Floats per array: 3 × 128 MiB, beyond the last-level cache of any current CPU. */
    public static final int DEFAULT_ELEMENTS = 1 << 25;

    private static final float SCALE = 3f;

    @Param("2")
    public int threads;

    @Param("33554432")
    public int elements;

    private float[] a;
    private float[] b;
    private float[] c;
    private ExecutorService pool;

    @Setup(Level.Trial)
    public void open() {
        a = new float[elements];
        b = new float[elements];
        c = new float[elements];
        for (int i = 0; i < elements; i++) {
            b[i] = i % 7;
            c[i] = i % 11;
        }
        pool = Executors.newFixedThreadPool(threads);
    }

    @Benchmark
    public float[] triad() throws InterruptedException, ExecutionException {
        List<Future<?>> parts = new ArrayList<>(threads);
        long chunk = (elements + (long) threads - 1) / threads;
        for (int t = 0; t < threads; t++) {
            int from = (int) Math.min(elements, t * chunk);
            int to = (int) Math.min(elements, from + chunk);
            parts.add(pool.submit(() -> triad(a, b, c, from, to)));
        }
        for (Future<?> f : parts) {
            f.get();
        }
        return a;
    }

    /** {@code a[i] = b[i] + 3 c[i]} for {@code from <= i < to}. */
    public static void triad(float[] a, float[] b, float[] c, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = b[i] + SCALE * c[i];
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        pool.shutdownNow();
    }
}
