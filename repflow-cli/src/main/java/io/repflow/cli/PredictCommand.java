package io.repflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Inject;
import com.google.inject.Provider;
import io.repflow.data.dataset.VideoDataset;
import io.repflow.data.dataset.VideoSample;
import io.repflow.data.loader.BadVideoPolicy;
import io.repflow.data.loader.VideoClipSource;
import io.repflow.models.checkpoint.Checkpoint;
import io.repflow.models.eval.Evaluator;
import io.repflow.models.eval.SampleResult;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.spi.ModelCompiler;
import io.repflow.spi.Backend;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code repflow predict VIDEO}: the top-k classes of one video with their scores (softmax averaged over clips),
 * or with {@code --json} one JSON line with the top-k and the mean logits.
 */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = "Classify a video with a trained checkpoint; prints the top-k classes and scores.")
final class PredictCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "VIDEO", description = "The video (.avi, .mp4, .webm, …).")
    Path video;

    @Mixin
    CheckpointOptions checkpoint;

    @Mixin
    PredictOptions predict;

    @Mixin
    BackendOptions backendOptions;

    // opened on first use, after parsing, from backendOptions (CliModule)
    @Inject
    Provider<Backend> selectedBackend;

    @Inject
    Provider<ModelCompiler> compiler;

    @Option(
            names = "--json",
            description = "One JSON line: video, views, top (class, name, score) and the mean logits over the views.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintStream log = System.out;
        int top = predict.top();
        UsageException.requireRegularFile(
                "video",
                video,
                "predict scores one video file; for folders of extracted frames list them for eval --data frames");
        Path dir = Checkpoints.resolve(checkpoint.checkpoint());
        Checkpoint ckpt = Checkpoints.load(dir);
        ModelSpec spec = ckpt.manifest().spec();
        List<String> classes = predict.classes(dir, spec.numClasses());
        TestViews sampling = TestViews.of(
                spec, predict.stride(), predict.clips(), 1, backendOptions.seed, checkpoint.normalization());
        int size = sampling.size();
        VideoDataset one = new VideoDataset("video", classes, List.of(new VideoSample(video, 0)));
        VideoClipSource source = sampling.source(one);
        SampleResult[] result = new SampleResult[1];
        Backend backend = selectedBackend.get(); // Main, the injector's owner, closes it
        try (CompiledModel net = compiler.get().compile(spec, backendOptions.seed);
                LoaderViews views = new LoaderViews(
                        source,
                        source.viewsPerSample(),
                        1,
                        backendOptions.seed,
                        BadVideoPolicy.FAIL,
                        SkipLog.none(),
                        "predict")) {
            Checkpoints.restore(ckpt, dir, net);
            new Evaluator(source.viewsPerSample())
                    .results(net, views, new FiniteScores(dir, ckpt).checked(r -> result[0] = r));
            SampleResult r = result[0];
            int[] best = r.top(top);
            if (json) {
                ObjectMapper mapper = new ObjectMapper();
                ObjectNode line = mapper.createObjectNode();
                line.put("video", video.toString());
                line.put("views", r.views());
                ArrayNode ranked = line.putArray("top");
                for (int k : best) {
                    ranked.addObject()
                            .put("class", k)
                            .put("name", classes.get(k))
                            .put("score", r.probabilities()[k]);
                }
                ArrayNode logits = line.putArray("logits");
                for (double l : r.logits()) {
                    logits.add(l);
                }
                log.println(mapper.writeValueAsString(line));
                return 0;
            }
            log.printf(
                    "%s (%d clip(s) of %d frames at %dx%d, %s on %s)%n",
                    video, r.views(), spec.input().frames(), size, size, spec.name(), backend.id());
            for (int k = 0; k < best.length; k++) {
                log.printf("%2d. %-30s %.4f%n", k + 1, classes.get(best[k]), r.probabilities()[best[k]]);
            }
        }
        return 0;
    }
}
