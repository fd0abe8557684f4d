package io.repflow.bench.jmh;

import io.repflow.api.HostTensor;
import io.repflow.bench.internal.BenchBackends;
import io.repflow.bench.internal.ModelEngines;
import io.repflow.models.spec.ClipShape;
import io.repflow.models.spec.Conv2d;
import io.repflow.models.spec.Flatten;
import io.repflow.models.spec.GlobalAvgPool;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spec.Sequential;
import io.repflow.models.spec.TemporalMean;
import io.repflow.models.spi.CompiledModel;
import io.repflow.spi.Backend;
import java.util.List;
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
 * The engine's float32 matrix multiply, through the same compiled-model path as the networks: {@code [m, k] · [k, n]}
 * as a 1×1 convolution {@code k → n} (no bias) over the {@code m} positions of one clip {@code [1, k, 1, √m, √m]},
 * EVAL forward, host tensor in, the pooled {@code [1, n]} out. A 1×1 convolution is a plain matrix product, and it is
 * the kernel the networks themselves run (a linear layer on 5-D host rows was tried first: DJL reached 42 GFLOP/s
 * there, a quarter of what its networks' convolutions reach: transposes and a batched product, not its GEMM peak).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
public class MatMulBenchmark {

    @Param("reference")
    public String backend;

    @Param("64")
    public int m;

    @Param("64")
    public int k;

    @Param("64")
    public int n;

    private Backend engine;
    private CompiledModel network;
    private HostTensor rows;

    @Setup(Level.Trial)
    public void open() {
        int side = (int) Math.round(Math.sqrt(m));
        if (side * side != m) {
            throw new IllegalArgumentException("matrix product rows m = " + m + " must be a square (the positions of "
                    + "a square image), e.g. 4096 = 64 × 64");
        }
        ModelSpec spec = new ModelSpec(
                "matmul-" + k + "x" + n,
                new ClipShape(k, 1, side, side),
                n,
                new Sequential(
                        "",
                        List.of(
                                new Conv2d("product", k, n, 1, 1, 0, false),
                                new GlobalAvgPool(),
                                new TemporalMean(),
                                new Flatten())));
        rows = HostTensor.normal(5, 1f, 1, k, 1, side, side);
        engine = BenchBackends.open(backend);
        network = ModelEngines.compiler(engine).compile(spec, BenchBackends.SEED);
    }

    @Benchmark
    public HostTensor product() {
        return network.forward(io.repflow.api.Mode.EVAL, rows);
    }

    @TearDown(Level.Trial)
    public void close() {
        network.close();
        engine.close();
    }
}
