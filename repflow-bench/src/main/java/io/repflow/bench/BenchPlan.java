package io.repflow.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a run measures. The flow layer is swept one factor at a time around {@link #base}: iterations,
 * spatial size, channels and batch (N = clips × frame pairs), so each chart varies one thing.
 *
 * @param base              the point every sweep starts from
 * @param iterations        iteration counts of the iterations sweep
 * @param sizes             spatial sizes (size × size) of the size sweep
 * @param channels          channel counts (C') of the channels sweep
 * @param batches           batch sizes N of the batch sweep
 * @param layerJmh          JMH settings of the layer suite
 * @param baselineWarmup    calls before timing, per point and operation, in the PyTorch baseline
 * @param baselineRepeat    timed calls per point and operation in the PyTorch baseline
 * @param videos            videos of the end-to-end suite
 * @param models            networks of the end-to-end suite (two-stream needs the RGB and flow streams of a depth)
 * @param videoJmh          JMH settings of the end-to-end suite (TV-L1 included)
 * @param memory            training steps whose memory is measured
 * @param memoryJmh         JMH settings of the memory suite
 * @param matMul            the matrix product whose rate is each engine's peak beside the per-video GFLOP/s
 * @param training          MotionNet training steps with and without the flow block
 * @param trainingJmh       JMH settings of the training suite
 */
public record BenchPlan(
        LayerPoint base,
        List<Integer> iterations,
        List<Integer> sizes,
        List<Integer> channels,
        List<Integer> batches,
        JmhSettings layerJmh,
        int baselineWarmup,
        int baselineRepeat,
        List<VideoShape> videos,
        List<PaperModel> models,
        JmhSettings videoJmh,
        List<MemoryCase> memory,
        JmhSettings memoryJmh,
        MatMulPeak.Dims matMul,
        List<TrainingCase> training,
        JmhSettings trainingJmh) {

    public BenchPlan {
        if (base == null
                || layerJmh == null
                || videoJmh == null
                || memoryJmh == null
                || matMul == null
                || trainingJmh == null) {
            throw new IllegalArgumentException("bench plan is missing its base point or JMH settings");
        }
        iterations = List.copyOf(iterations);
        sizes = List.copyOf(sizes);
        channels = List.copyOf(channels);
        batches = List.copyOf(batches);
        videos = List.copyOf(videos);
        models = List.copyOf(models);
        memory = List.copyOf(memory);
        training = List.copyOf(training);
        if (baselineWarmup < 0 || baselineRepeat < 1) {
            throw new IllegalArgumentException("baseline warm-up " + baselineWarmup + " (>= 0) / repeat "
                    + baselineRepeat + " (>= 1) out of range");
        }
    }

    /** The plan of {@code mode}. */
    public static BenchPlan of(BenchMode mode) {
        return mode == BenchMode.QUICK ? quick() : full();
    }

    /**
     * The full plan: iterations 1, 5, 10, 20, 50; sizes 14², 28², 56²; channels 8, 32, 64; batch 1, 8, 32, 120
     * around 20 iterations, C' = 32, 28², N = 8; the paper's networks at 16×112×112 and 32×224×224;
     * training-step memory of rep-flow ResNet-34 and ResNet-50 on one clip of each video; a 4096×1024 · 1024×1024
     * matrix product; MotionNet training steps with and without the flow block at the main job's clips (8 × 32²) and
     * at 8 × 56², batch 16.
     */
    public static BenchPlan full() {
        List<MemoryCase> memory = new ArrayList<>();
        for (VideoShape v : List.of(VideoShape.PAPER_SMALL, VideoShape.PAPER_LARGE)) {
            memory.add(new MemoryCase(PaperModel.REPFLOW_R34, v, 1));
            memory.add(new MemoryCase(PaperModel.REPFLOW_R50, v, 1));
        }
        // batch 120 at 28² is the DJL/TF/ND4J issues' target shape (8 clips × 15 frame pairs of block-3 features at 112
        // px)
        return new BenchPlan(
                new LayerPoint(20, 32, 28, 8),
                List.of(1, 5, 10, 20, 50),
                List.of(14, 28, 56),
                List.of(8, 32, 64),
                List.of(1, 8, 32, 120),
                new JmhSettings(1, 2, Duration.ofSeconds(2), 5, Duration.ofSeconds(2)),
                3,
                10,
                List.of(VideoShape.PAPER_SMALL, VideoShape.PAPER_LARGE),
                List.of(PaperModel.values()),
                new JmhSettings(1, 1, Duration.ofSeconds(1), 3, Duration.ofSeconds(1)),
                memory,
                new JmhSettings(1, 1, Duration.ofSeconds(1), 3, Duration.ofSeconds(1)),
                new MatMulPeak.Dims(4096, 1024, 1024),
                trainingPairs(List.of(TrainingCase.MAIN_JOB, TrainingCase.REAL_56), TrainingCase.BATCH),
                new JmhSettings(1, 1, Duration.ofSeconds(1), 3, Duration.ofSeconds(1)));
    }

    /** MotionNet with and without its flow block on {@code batch} clips of each video. */
    static List<TrainingCase> trainingPairs(List<VideoShape> videos, int batch) {
        List<TrainingCase> cases = new ArrayList<>();
        for (VideoShape v : videos) {
            cases.add(new TrainingCase(v, batch, false));
            cases.add(new TrainingCase(v, batch, true));
        }
        return cases;
    }

    /**
     * The quick plan (CI smoke): iterations 1 and 5 and sizes 14² and 28² at C' = 8, N = 1; rep-flow and
     * the two streams of ResNet-34 on a 3×48×48 video (3×3 feature maps at the flow block); one training
     * step of rep-flow ResNet-34 on it; a 64³ matrix product; MotionNet with and without its block on two 3 × 32² clips.
     * One timed call per figure (after one warm-up call for the layer): sized
     * so that even the float64 reference finishes in about a minute.
     */
    public static BenchPlan quick() {
        VideoShape tiny = new VideoShape(3, 48);
        JmhSettings oneCall = new JmhSettings(0, 0, Duration.ofMillis(100), 1, Duration.ofMillis(100));
        return new BenchPlan(
                new LayerPoint(5, 8, 14, 1),
                List.of(1, 5),
                List.of(14, 28),
                List.of(),
                List.of(),
                new JmhSettings(0, 1, Duration.ofMillis(100), 1, Duration.ofMillis(100)),
                1,
                3,
                List.of(tiny),
                List.of(PaperModel.REPFLOW_R34, PaperModel.RGB_R34, PaperModel.FLOW_R34),
                oneCall,
                List.of(new MemoryCase(PaperModel.REPFLOW_R34, tiny, 1)),
                oneCall,
                new MatMulPeak.Dims(64, 64, 64),
                trainingPairs(List.of(new VideoShape(3, 32)), 2),
                oneCall);
    }

    /** Every distinct layer point of the four sweeps, base first. */
    public List<LayerPoint> layerPoints() {
        Set<LayerPoint> points = new LinkedHashSet<>();
        points.add(base);
        iterations.forEach(n -> points.add(base.withIterations(n)));
        sizes.forEach(s -> points.add(base.withSize(s)));
        channels.forEach(c -> points.add(base.withChannels(c)));
        batches.forEach(n -> points.add(base.withBatch(n)));
        return List.copyOf(points);
    }

    /** This plan with other videos for the per-video suite and the memory cases (same models and batches). */
    public BenchPlan withVideos(List<VideoShape> v) {
        if (v.isEmpty()) {
            throw new IllegalArgumentException("at least one video is needed");
        }
        List<MemoryCase> cases = new ArrayList<>();
        for (VideoShape video : v) {
            memory.stream()
                    .map(c -> new MemoryCase(c.model(), video, c.batch()))
                    .filter(c -> !cases.contains(c))
                    .forEach(cases::add);
        }
        return new BenchPlan(
                base,
                iterations,
                sizes,
                channels,
                batches,
                layerJmh,
                baselineWarmup,
                baselineRepeat,
                v,
                models,
                videoJmh,
                cases,
                memoryJmh,
                matMul,
                training,
                trainingJmh);
    }

    /** This plan with other networks for the per-video suite; memory cases keep only the networks named. */
    public BenchPlan withModels(List<PaperModel> m) {
        if (m.isEmpty()) {
            throw new IllegalArgumentException("at least one model is needed");
        }
        List<MemoryCase> cases =
                memory.stream().filter(c -> m.contains(c.model())).toList();
        return new BenchPlan(
                base,
                iterations,
                sizes,
                channels,
                batches,
                layerJmh,
                baselineWarmup,
                baselineRepeat,
                videos,
                m,
                videoJmh,
                cases,
                memoryJmh,
                matMul,
                training,
                trainingJmh);
    }

    /**
     * This plan with other layer sweeps around the same base (an empty list keeps that sweep): e.g. sizes
     * 28, 56 and batches 8, 120 around it20-c32-s28-n8 measure just the backend issues' two target shapes.
     */
    public BenchPlan withLayerSweeps(List<Integer> its, List<Integer> sz, List<Integer> ch, List<Integer> bs) {
        return new BenchPlan(
                base,
                its.isEmpty() ? iterations : its,
                sz.isEmpty() ? sizes : sz,
                ch.isEmpty() ? channels : ch,
                bs.isEmpty() ? batches : bs,
                layerJmh,
                baselineWarmup,
                baselineRepeat,
                videos,
                models,
                videoJmh,
                memory,
                memoryJmh,
                matMul,
                training,
                trainingJmh);
    }

    /**
     * This plan with {@code warmup} warm-up and {@code measured} measured JMH iterations for the layer (same forks and
     * iteration times; an iteration runs at least one call) and as many warm-up and timed calls of the PyTorch
     * baseline: for points whose calls take seconds.
     */
    public BenchPlan withLayerRounds(int warmup, int measured) {
        return new BenchPlan(
                base,
                iterations,
                sizes,
                channels,
                batches,
                new JmhSettings(layerJmh.forks(), warmup, layerJmh.warmupTime(), measured, layerJmh.iterationTime()),
                warmup,
                measured,
                videos,
                models,
                videoJmh,
                memory,
                memoryJmh,
                matMul,
                training,
                trainingJmh);
    }
}
