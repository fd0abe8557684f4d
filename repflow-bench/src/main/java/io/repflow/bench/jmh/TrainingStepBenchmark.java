package io.repflow.bench.jmh;

import io.repflow.bench.PaperModel;
import io.repflow.bench.TrainingCase;
import io.repflow.bench.VideoShape;
import io.repflow.bench.internal.BenchBackends;
import io.repflow.bench.internal.ModelEngines;
import io.repflow.bench.internal.SyntheticVideo;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spi.Batch;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.spi.SgdStep;
import io.repflow.models.spi.StepResult;
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
 * One SGD training step ({@code CompiledModel.trainStep}, the paper's optimiser: momentum 0.9, flow
 * parameters at 0.01x) of a network on a batch of clips: a {@link PaperModel} (the memory part) or
 * {@code repflow train}'s MotionNet with or without its flow block ({@link TrainingCase}, the training part). Run
 * with JMH's {@code gc} profiler (Java bytes allocated per step) and {@link PeakRssProfiler} (peak resident set of
 * this JVM).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
public class TrainingStepBenchmark {

    @Param("reference")
    public String backend;

    @Param("repflow-r34")
    public String model;

    @Param("3x48")
    public String video;

    @Param("1")
    public int batch;

    private static final SgdStep STEP = SgdStep.paper(1e-3, 1e-4);

    private Backend engine;
    private CompiledModel network;
    private Batch clips;
    private long step;

    @Setup(Level.Trial)
    public void open() {
        VideoShape v = VideoShape.parse(video);
        ModelSpec spec = TrainingCase.isMotionNet(model)
                ? TrainingCase.of(model, v, batch).spec()
                : PaperModel.of(model).spec(v);
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = (7 * i + 3) % spec.numClasses();
        }
        clips = new Batch(new SyntheticVideo(v, 13).rgb(batch), labels);
        engine = BenchBackends.open(backend);
        network = ModelEngines.compiler(engine).compile(spec, BenchBackends.SEED);
    }

    @Benchmark
    public StepResult trainStep() {
        return network.trainStep(clips, STEP, step++);
    }

    @TearDown(Level.Trial)
    public void close() {
        network.close();
        engine.close();
    }
}
