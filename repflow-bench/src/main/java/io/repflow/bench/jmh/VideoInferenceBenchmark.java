package io.repflow.bench.jmh;

import io.repflow.api.HostTensor;
import io.repflow.bench.PaperModel;
import io.repflow.bench.VideoShape;
import io.repflow.bench.internal.BenchBackends;
import io.repflow.bench.internal.ModelEngines;
import io.repflow.bench.internal.SyntheticVideo;
import io.repflow.models.spi.CompiledModel;
import io.repflow.spi.Backend;
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
 * Per-video inference of one network ({@link PaperModel}): an EVAL forward pass of one clip through
 * the backend's compiled model, host tensor in, logits out. Compilation is in the set-up, not timed.
 * A flow stream's input is flow-shaped noise (its time does not depend on the values; the TV-L1 that
 * would produce it is timed by {@link OpenCvTvl1Benchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
public class VideoInferenceBenchmark {

    @Param("reference")
    public String backend;

    @Param("repflow-r34")
    public String model;

    @Param("3x48")
    public String video;

    private Backend engine;
    private CompiledModel network;
    private HostTensor clip;

    @Setup(Level.Trial)
    public void open() {
        PaperModel m = PaperModel.of(model);
        VideoShape v = VideoShape.parse(video);
        clip = m.role() == PaperModel.Role.FLOW_STREAM
                ? HostTensor.normal(11, 2f, m.inputShape(v, 1).dims())
                : new SyntheticVideo(v, 11).rgb(1);
        engine = BenchBackends.open(backend);
        network = ModelEngines.compiler(engine).compile(m.spec(v), BenchBackends.SEED);
    }

    @Benchmark
    public HostTensor inferVideo() {
        return network.forward(io.repflow.api.Mode.EVAL, clip);
    }

    @TearDown(Level.Trial)
    public void close() {
        network.close();
        engine.close();
    }
}
