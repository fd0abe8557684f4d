package io.repflow.bench.jmh;

import io.repflow.api.HostTensor;
import io.repflow.bench.internal.BenchBackends;
import io.repflow.bench.internal.ModelEngines;
import io.repflow.models.spec.ClipShape;
import io.repflow.models.spec.Flatten;
import io.repflow.models.spec.Linear;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spec.Sequential;
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
 * The engine's float32 matrix multiply, through the same compiled-model path as the networks: a network of one
 * linear layer {@code k → n} (with its bias) on a batch of {@code m} clips of {@code [k, 1, 1, 1]}, EVAL forward, host
 * tensor in, {@code [m, n]} out — {@code [m, k] · [k, n]}, whose rate is the peak the per-video GFLOP/s are set against.
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
        ModelSpec spec = new ModelSpec(
                "matmul-" + k + "x" + n,
                new ClipShape(k, 1, 1, 1),
                n,
                new Sequential("", List.of(new Linear("fc", k, n), new Flatten())));
        rows = HostTensor.normal(5, 1f, m, k, 1, 1, 1);
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
