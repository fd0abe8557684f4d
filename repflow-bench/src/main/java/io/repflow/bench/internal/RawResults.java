package io.repflow.bench.internal;

import io.repflow.bench.LayerMemory;
import io.repflow.bench.LayerOperation;
import io.repflow.bench.LayerPoint;
import io.repflow.bench.LayerTiming;
import io.repflow.bench.MatMulPeak;
import io.repflow.bench.MemoryBandwidth;
import io.repflow.bench.MemoryCase;
import io.repflow.bench.MemoryFigure;
import io.repflow.bench.PaperModel;
import io.repflow.bench.TrainingCase;
import io.repflow.bench.TrainingTiming;
import io.repflow.bench.VideoShape;
import io.repflow.bench.VideoTiming;
import io.repflow.bench.jmh.PeakRssProfiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The figures of one run's {@code raw/} directory, read back from the JMH JSON files and the PyTorch
 * baseline's JSON the runner wrote there; and the one place that turns a JMH row into a figure, for the
 * runner as for this reader.
 *
 * @param backends  the engines with at least one figure, in file-name order
 * @param baseline  the PyTorch baseline, when the run measured it
 * @param bandwidth the STREAM triad's memory bandwidth, when the run measured it
 * @param layerMemory the flow layer's memory per call of the engines and the PyTorch baseline
 * @param firstFile when the earliest result file was written (the run's start, to a suite's length)
 */
public record RawResults(
        Path dir,
        List<String> backends,
        List<LayerTiming> layer,
        List<VideoTiming> video,
        List<MemoryFigure> memory,
        List<TrainingTiming> training,
        List<MatMulPeak> matMul,
        Optional<PythonBaseline.Result> baseline,
        Optional<MemoryBandwidth> bandwidth,
        List<LayerMemory> layerMemory,
        Instant firstFile) {

    /** JMH's name for the bytes allocated per operation ({@code -prof gc}). */
    public static final String GC_NORM = "gc.alloc.rate.norm";

    /** The suite tag of OpenCV's TV-L1 (its files: {@code jmh-video-tvl1.json/.log}). */
    public static final String TVL1_SUITE = "video-tvl1";

    /** The suite tag of the memory-bandwidth triad (its files: {@code jmh-floor-triad.json/.log}). */
    public static final String TRIAD_SUITE = "floor-triad";

    private static final String LAYER = "layer-";
    private static final String VIDEO = "video-";
    private static final String MEMORY = "memory-";
    private static final String TRAINING = "training-";
    private static final String MATMUL = "matmul-";

    public RawResults {
        backends = List.copyOf(backends);
        layer = List.copyOf(layer);
        video = List.copyOf(video);
        memory = List.copyOf(memory);
        training = List.copyOf(training);
        matMul = List.copyOf(matMul);
        layerMemory = List.copyOf(layerMemory);
    }

    /** The suite tag of a backend's flow-layer benchmarks. */
    public static String layerSuite(String backend) {
        return LAYER + backend;
    }

    /** The suite tag of a backend's per-video benchmarks. */
    public static String videoSuite(String backend) {
        return VIDEO + backend;
    }

    /** The suite tag of one training-step memory case of a backend. */
    public static String memorySuite(String backend, MemoryCase c) {
        return MEMORY + backend + "-" + c.model().id() + "-" + c.video().key() + "-b" + c.batch();
    }

    /** The suite tag of one MotionNet training-step case of a backend. */
    public static String trainingSuite(String backend, TrainingCase c) {
        return TRAINING + backend + "-" + c.model() + "-" + c.video().key() + "-b" + c.batch();
    }

    /** The suite tag of a backend's matrix product. */
    public static String matMulSuite(String backend) {
        return MATMUL + backend;
    }

    /** Whether a raw file (result or log) is one of {@code backend}'s suites. */
    public static boolean isOfBackend(String fileName, String backend) {
        return fileName.startsWith(JmhLauncher.FILE_PREFIX + layerSuite(backend) + ".")
                || fileName.startsWith(JmhLauncher.FILE_PREFIX + videoSuite(backend) + ".")
                || fileName.startsWith(JmhLauncher.FILE_PREFIX + TRAINING + backend + "-")
                || fileName.startsWith(JmhLauncher.FILE_PREFIX + matMulSuite(backend) + ".")
                || fileName.startsWith(JmhLauncher.FILE_PREFIX + MEMORY + backend + "-")
                || fileName.startsWith(LayerMemorySuite.FILE_PREFIX + backend + ".");
    }

    /** Whether a raw file (result or log) is the TV-L1 suite's. */
    public static boolean isTvl1(String fileName) {
        return fileName.startsWith(JmhLauncher.FILE_PREFIX + TVL1_SUITE + ".");
    }

    /** Whether a raw file (result or log) is the triad suite's. */
    public static boolean isTriad(String fileName) {
        return fileName.startsWith(JmhLauncher.FILE_PREFIX + TRIAD_SUITE + ".");
    }

    /** The triad's row as a bandwidth: STREAM's bytes over the mean time, the error scaled alike. */
    public static MemoryBandwidth bandwidth(JmhResult r) {
        long elements = Long.parseLong(r.param("elements"));
        double gb = MemoryBandwidth.gbPerS(elements, r.score());
        double err = Double.isNaN(r.error()) ? Double.NaN : gb * r.error() / r.score();
        return new MemoryBandwidth(gb, err, Integer.parseInt(r.param("threads")), elements);
    }

    /** A flow-layer row of {@code backend}. */
    public static LayerTiming layerTiming(String backend, JmhResult r) {
        return new LayerTiming(
                backend, LayerOperation.ofMethod(r.method()), LayerPoint.parse(r.param("point")), r.score(), r.error());
    }

    /** A per-video row of OpenCV's TV-L1. */
    public static VideoTiming tvl1Timing(JmhResult r) {
        return new VideoTiming(
                VideoTiming.OPENCV, VideoTiming.TVL1, VideoShape.parse(r.param("video")), r.score(), r.error());
    }

    /** A per-video row of a network on {@code backend}. */
    public static VideoTiming videoTiming(String backend, JmhResult r) {
        return new VideoTiming(backend, r.param("model"), VideoShape.parse(r.param("video")), r.score(), r.error());
    }

    /** A training-step row: time, bytes allocated per step, peak resident memory. */
    public static MemoryFigure memoryFigure(String backend, MemoryCase c, JmhResult r) {
        return new MemoryFigure(backend, c, r.score(), r.secondary(GC_NORM), r.secondary(PeakRssProfiler.PEAK));
    }

    /** A MotionNet training-step row of {@code backend}: time and peak resident memory. */
    public static TrainingTiming trainingTiming(String backend, JmhResult r) {
        TrainingCase c = TrainingCase.of(
                r.param("model"), VideoShape.parse(r.param("video")), Integer.parseInt(r.param("batch")));
        return new TrainingTiming(backend, c, r.score(), r.error(), r.secondary(PeakRssProfiler.PEAK));
    }

    /** A matrix-product row of {@code backend}. */
    public static MatMulPeak matMulPeak(String backend, JmhResult r) {
        MatMulPeak.Dims d = new MatMulPeak.Dims(
                Integer.parseInt(r.param("m")), Integer.parseInt(r.param("k")), Integer.parseInt(r.param("n")));
        return new MatMulPeak(backend, d, r.score(), r.error());
    }

    /** Reads every result file in {@code raw}; a file that is not valid JSON is an error naming it. */
    public static RawResults read(Path raw) throws IOException {
        if (!Files.isDirectory(raw)) {
            throw new IOException(
                    "no raw benchmark results at " + raw + " (expected the benchmarks/raw directory of a report)");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(raw)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        }
        List<String> backends = new ArrayList<>();
        List<LayerTiming> layer = new ArrayList<>();
        List<VideoTiming> video = new ArrayList<>();
        List<MemoryFigure> memory = new ArrayList<>();
        List<TrainingTiming> training = new ArrayList<>();
        List<MatMulPeak> matMul = new ArrayList<>();
        Optional<PythonBaseline.Result> baseline = Optional.empty();
        Optional<MemoryBandwidth> bandwidth = Optional.empty();
        List<LayerMemory> layerMemory = new ArrayList<>();
        Instant first = null;
        for (Path f : files) {
            String name = f.getFileName().toString();
            Instant written = Files.getLastModifiedTime(f).toInstant();
            first = first == null || written.isBefore(first) ? written : first;
            if (name.equals(PythonBaseline.RESULT_FILE)) {
                baseline = Optional.of(PythonBaseline.read(f));
                continue;
            }
            if (name.equals(PythonBaseline.MEMORY_RESULT_FILE)) {
                layerMemory.addAll(LayerMemorySuite.read(f));
                continue;
            }
            if (name.startsWith(LayerMemorySuite.FILE_PREFIX)) {
                for (LayerMemory m : LayerMemorySuite.read(f)) {
                    layerMemory.add(m);
                    if (!backends.contains(m.backend())) {
                        backends.add(m.backend());
                    }
                }
                continue;
            }
            if (name.equals(PythonBaseline.VIDEO_RESULT_FILE)) {
                video.addAll(PythonBaseline.readVideo(f).timings());
                continue;
            }
            if (!name.startsWith(JmhLauncher.FILE_PREFIX)) {
                continue;
            }
            String tag = name.substring(JmhLauncher.FILE_PREFIX.length());
            for (JmhResult r : JmhLauncher.parse(f)) {
                if (isTvl1(name)) {
                    video.add(tvl1Timing(r));
                    continue;
                }
                if (isTriad(name)) {
                    bandwidth = Optional.of(bandwidth(r));
                    continue;
                }
                String backend = r.params().get("backend");
                if (backend == null) {
                    throw new IOException("result file " + f + " has a row without the 'backend' parameter");
                }
                if (!backends.contains(backend)) {
                    backends.add(backend);
                }
                if (tag.startsWith(LAYER)) {
                    layer.add(layerTiming(backend, r));
                } else if (tag.startsWith(MEMORY)) {
                    MemoryCase c = new MemoryCase(
                            PaperModel.of(r.param("model")),
                            VideoShape.parse(r.param("video")),
                            Integer.parseInt(r.param("batch")));
                    memory.add(memoryFigure(backend, c, r));
                } else if (tag.startsWith(VIDEO)) {
                    video.add(videoTiming(backend, r));
                } else if (tag.startsWith(TRAINING)) {
                    training.add(trainingTiming(backend, r));
                } else if (tag.startsWith(MATMUL)) {
                    matMul.add(matMulPeak(backend, r));
                }
            }
        }
        baseline.ifPresent(b -> layer.addAll(b.timings()));
        return new RawResults(
                raw,
                backends,
                layer,
                video,
                memory,
                training,
                matMul,
                baseline,
                bandwidth,
                layerMemory,
                first == null ? Instant.EPOCH : first);
    }
}
