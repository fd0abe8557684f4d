package io.repflow.cli;

import com.google.inject.Guice;
import io.repflow.data.dataset.VideoDataset;
import io.repflow.data.dataset.VideoSample;
import io.repflow.data.loader.BadVideoPolicy;
import io.repflow.data.loader.VideoClipSource;
import io.repflow.data.sampling.ClipSampler;
import io.repflow.data.transform.ClipTransform;
import io.repflow.models.checkpoint.Checkpoint;
import io.repflow.models.eval.Evaluator;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.spi.ModelCompilers;
import io.repflow.spi.Backend;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code repflow predict VIDEO}: the top-k classes of one video with their scores (softmax averaged over clips). */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = "Classify a video with a trained checkpoint; prints the top-k classes and scores.")
final class PredictCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "VIDEO", description = "The video (.avi, .mp4, .webm, …).")
    Path video;

    @Option(
            names = "--checkpoint",
            required = true,
            paramLabel = "DIR",
            description = "A checkpoint directory or a run directory (its latest).")
    Path checkpoint;

    @Option(names = "--top", defaultValue = "5", description = "How many classes to print (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(
            names = "--clips",
            defaultValue = "3",
            description = "Clips sampled evenly over the video (default: ${DEFAULT-VALUE}).")
    int clips;

    @Option(
            names = "--stride",
            defaultValue = "1",
            description = "Frame stride within a clip (default: ${DEFAULT-VALUE}).")
    int stride;

    @Option(
            names = "--class-names",
            paramLabel = "FILE",
            description = "Class names, one per line (default: classes.txt of the run).")
    Path classNames;

    @Mixin
    BackendOptions backendOptions;

    @Option(
            names = "--normalize",
            paramLabel = "imagenet|minus-one-to-one",
            converter = Normalization.Converter.class,
            description = "Input values (default: what the run's run.json records, else minus-one-to-one).")
    Normalization normalize;

    @Override
    public Integer call() throws IOException {
        if (normalize == null) {
            normalize = Normalization.MINUS_ONE_TO_ONE;
        }
        PrintStream log = System.out;
        if (!Files.isRegularFile(video)) {
            throw new UsageException("video " + video + " does not exist or is not a file");
        }
        Path dir = Checkpoints.resolve(checkpoint);
        Checkpoint ckpt = Checkpoints.load(dir);
        ModelSpec spec = ckpt.manifest().spec();
        List<String> classes = classNames != null
                ? Files.readAllLines(classNames).stream()
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList()
                : RunFiles.readClasses(dir, spec.numClasses());
        if (classes.size() != spec.numClasses()) {
            throw new UsageException(
                    classNames + " lists " + classes.size() + " classes but the model predicts " + spec.numClasses());
        }
        int size = spec.input().height();
        VideoDataset one = new VideoDataset("video", classes, List.of(new VideoSample(video, 0)));
        VideoClipSource source = VideoClipSource.testing(
                one,
                ClipSampler.stride(spec.input().frames(), stride),
                ClipTransform.testing(RunData.shortSide(size), size).withMapping(normalize.mapping()),
                clips);
        double[][] scores = new double[1][];
        try (Backend backend =
                        Guice.createInjector(new CliModule(backendOptions)).getInstance(Backend.class);
                CompiledModel net = ModelCompilers.of(backend).compile(spec, backendOptions.seed);
                LoaderViews views = new LoaderViews(
                        source,
                        source.viewsPerSample(),
                        1,
                        backendOptions.seed,
                        BadVideoPolicy.FAIL,
                        SkipLog.none(),
                        "predict")) {
            ckpt.restore(net);
            new Evaluator(source.viewsPerSample()).evaluate(net, views, (sample, label, p) -> scores[0] = p);
            double[] p = scores[0];
            Integer[] order = new Integer[p.length];
            for (int i = 0; i < p.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, Collections.reverseOrder((a, b) -> Double.compare(p[a], p[b])));
            log.printf(
                    "%s (%d clip(s) of %d frames at %dx%d, %s on %s)%n",
                    video, source.viewsPerSample(), spec.input().frames(), size, size, spec.name(), backend.id());
            for (int k = 0; k < Math.min(top, p.length); k++) {
                log.printf("%2d. %-30s %.4f%n", k + 1, classes.get(order[k]), p[order[k]]);
            }
        }
        return 0;
    }
}
