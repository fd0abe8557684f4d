package io.repflow.bench.jmh;

import io.repflow.api.HostTensor;
import io.repflow.bench.VideoShape;
import io.repflow.bench.internal.BenchBackends;
import io.repflow.bench.internal.SyntheticVideo;
import io.repflow.bench.internal.TwoStreamTvl1;
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
 * The optical-flow half of the two-stream baseline: OpenCV TV-L1 with its default multi-scale settings
 * on every frame pair of the same synthetic video the networks see, with OpenCV limited to the run's
 * thread count.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
public class OpenCvTvl1Benchmark {

    @Param("3x48")
    public String video;

    private TwoStreamTvl1 tvl1;

    @Setup(Level.Trial)
    public void open() {
        VideoShape v = VideoShape.parse(video);
        tvl1 = new TwoStreamTvl1(v, new SyntheticVideo(v, 11).gray(), BenchBackends.threads());
    }

    @Benchmark
    public HostTensor flowOfVideo() {
        return tvl1.allPairs();
    }

    @TearDown(Level.Trial)
    public void close() {
        tvl1.close();
    }
}
