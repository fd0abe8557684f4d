package io.repflow.bench.jmh;

import io.repflow.api.HostTensor;
import io.repflow.bench.LayerPoint;
import io.repflow.bench.internal.BenchBackends;
import io.repflow.bench.internal.LayerInputs;
import io.repflow.spi.Backend;
import io.repflow.spi.FlowLayer;
import io.repflow.spi.Gradients;
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
 * The flow layer through the API a user calls ({@code FlowLayer.forward} / {@code backward} with host
 * tensors, so copies in and out are included), default parameters (CENTRAL gradient, learnable
 * DIVERGENCE + THETA + LAMBDA + TAU), on realistic textured frame pairs on [0, 255] from the TCK.
 * {@code backend} and {@code point} ({@link LayerPoint} key) are set by the runner.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class FlowLayerBenchmark {

    @Param("reference")
    public String backend;

    @Param("it5-c8-s14-n1")
    public String point;

    private Backend engine;
    private FlowLayer layer;
    private List<HostTensor> frames;
    private HostTensor gradU;

    @Setup(Level.Trial)
    public void open() {
        LayerPoint p = LayerPoint.parse(point);
        LayerInputs inputs = LayerInputs.at(p);
        frames = inputs.frames();
        gradU = inputs.gradU();
        engine = BenchBackends.open(backend);
        layer = engine.flowLayer(p.flowConfig());
    }

    @Benchmark
    public HostTensor forward() {
        return layer.forward(io.repflow.api.Mode.EVAL, frames);
    }

    @Benchmark
    public Gradients forwardBackward() {
        return layer.backward(io.repflow.api.Mode.EVAL, frames, gradU);
    }

    @TearDown(Level.Trial)
    public void close() {
        engine.close();
    }
}
