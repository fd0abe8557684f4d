package io.repflow.cli;

import com.google.inject.Inject;
import com.google.inject.Provider;
import io.repflow.api.FlowConfig;
import io.repflow.api.FlowParameter;
import io.repflow.api.HostTensor;
import io.repflow.api.ImageGradient;
import io.repflow.api.Shape;
import io.repflow.data.RgbClip;
import io.repflow.data.video.FrameSize;
import io.repflow.data.video.VideoReader;
import io.repflow.spi.Backend;
import io.repflow.spi.FlowLayer;
import io.repflow.spi.NonFiniteResultException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code repflow flow}: the flow layer on two images, a video or {@code .npy} pairs; writes the flow
 * as {@code .npy} and as pictures in the Middlebury colour coding, optionally beside OpenCV's full
 * multi-scale TV-L1.
 */
@Command(
        name = "flow",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Compute representation flow for two images, a video or .npy pairs and draw it.",
            "Images and videos are taken as grey levels 0..255, one channel; .npy pairs [N,C,H,W] give [N,2C,H,W] (x-flow channels first)."
        })
final class FlowCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(
                names = "--images",
                arity = "2",
                paramLabel = "IMAGE",
                description = "Two pictures (PNG, JPEG, …) of the same size.")
        List<Path> images;

        @Option(names = "--video", paramLabel = "VIDEO", description = "A video; flow between consecutive frames.")
        Path video;

        @Option(names = "--npy", arity = "2", paramLabel = "NPY", description = "F1.npy and F2.npy of shape [N,C,H,W].")
        List<Path> npy;
    }

    @Option(
            names = {"-o", "--out"},
            defaultValue = "flow-out",
            paramLabel = "DIR",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--iterations", defaultValue = "20", description = "TV-L1 iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--theta", defaultValue = "0.3", description = "theta (default: ${DEFAULT-VALUE}).")
    double theta;

    @Option(names = "--lambda", defaultValue = "0.15", description = "lambda (default: ${DEFAULT-VALUE}).")
    double lambda;

    @Option(names = "--tau", defaultValue = "0.25", description = "tau (default: ${DEFAULT-VALUE}).")
    double tau;

    @Option(
            names = "--gradient",
            defaultValue = "CENTRAL",
            description = "Image gradient: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ImageGradient gradient;

    @Option(
            names = "--checkpoint",
            paramLabel = "DIR",
            description =
                    "Take theta, lambda, tau and the kernels from a trained checkpoint's flow layer (channel --channel of block --block).")
    Path checkpoint;

    @Option(
            names = "--block",
            paramLabel = "PREFIX",
            description = "Flow layer in the checkpoint, e.g. rep_flow.flow (default: the first).")
    String block;

    @Option(
            names = "--channel",
            defaultValue = "0",
            description = "Which channel's kernels of the checkpoint's layer to use (default: 0).")
    int channel;

    @Option(
            names = "--tvl1",
            description = "Also compute OpenCV's full multi-scale DualTVL1 (default settings) on the same frames.")
    boolean tvl1;

    @Option(
            names = "--size",
            paramLabel = "WxH",
            description = "Scale video frames to this size (default: the video's).")
    String size;

    @Option(
            names = "--max-frames",
            defaultValue = "32",
            description = "At most this many video frames (default: ${DEFAULT-VALUE}).")
    int maxFrames;

    @Mixin
    BackendOptions backendOptions;

    // opened on first use, after parsing, from backendOptions (CliModule)
    @Inject
    Provider<Backend> selectedBackend;

    @Override
    public void run() {
        PrintWriter log = spec.commandLine().getOut();
        try {
            Pair pair = load();
            FlowConfig config = FlowConfig.builder()
                    .channels(pair.f1.dim(1))
                    .iterations(iterations)
                    .theta(theta)
                    .lambda(lambda)
                    .tau(tau)
                    .imageGradient(gradient)
                    .build();
            Map<String, HostTensor> learned = checkpoint == null
                    ? Map.of()
                    : CheckpointFlow.parameters(checkpoint, block, channel, pair.f1.dim(1), config);
            if (!learned.isEmpty()) {
                config = config.toBuilder()
                        .theta(learned.get("theta").item())
                        .lambda(learned.get("lambda").item())
                        .tau(learned.get("tau").item())
                        .build();
            }
            Files.createDirectories(out);
            HostTensor u;
            String engine;
            Backend backend = selectedBackend.get(); // Main, the injector's owner, closes it
            try (FlowLayer layer = backend.flowLayer(config)) {
                learned.forEach(layer::setParameter);
                long t0 = System.nanoTime();
                try {
                    u = layer.forward(pair.f1, pair.f2);
                } catch (IllegalArgumentException | NonFiniteResultException e) {
                    throw new UsageException("flow on " + pair.source() + ": " + e.getMessage(), e);
                }
                engine = backend.id() + " (" + backend.engineVersion() + "), "
                        + String.format("%.1f ms", (System.nanoTime() - t0) / 1e6);
            }
            u.writeNpy(out.resolve("flow.npy"));
            log.println("flow " + u.shape() + " by " + engine + " -> " + out.resolve("flow.npy"));
            if (pair.pictures) {
                List<BufferedImage> pictures = draw(u, "flow", log);
                if (tvl1) {
                    HostTensor cv = OpenCvTvl1.flow(pair.f1, pair.f2);
                    cv.writeNpy(out.resolve("tvl1.npy"));
                    log.println("OpenCV TV-L1 " + cv.shape() + " -> " + out.resolve("tvl1.npy"));
                    draw(cv, "tvl1", log);
                }
                if (pictures.size() > 1) {
                    Images.writePng(
                            Images.strip(pictures.subList(0, Math.min(pictures.size(), 16))),
                            out.resolve("flow-strip.png"));
                    Images.writeGif(pictures, 120, out.resolve("flow.gif"));
                    log.println(
                            "strip -> " + out.resolve("flow-strip.png") + ", animation -> " + out.resolve("flow.gif"));
                }
            } else if (tvl1) {
                throw new UsageException(
                        "--tvl1 needs images or a video (OpenCV's TV-L1 works on 8-bit frames, not on feature maps)");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One PNG per pair, channel 0's flow, all normalised by the largest flow of the set. */
    private List<BufferedImage> draw(HostTensor u, String name, PrintWriter log) throws IOException {
        int n = u.dim(0);
        int c = u.dim(1) / 2;
        int h = u.dim(2);
        int w = u.dim(3);
        double radius = 1e-6;
        float[][] us = new float[n][];
        float[][] vs = new float[n][];
        for (int i = 0; i < n; i++) {
            us[i] = plane(u, i, 0, h * w);
            vs[i] = plane(u, i, c, h * w);
            radius = Math.max(radius, FlowColors.maxRadius(us[i], vs[i]));
        }
        List<BufferedImage> pictures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BufferedImage img = FlowColors.render(us[i], vs[i], h, w, radius);
            Path file = out.resolve(String.format("%s-%03d.png", name, i));
            Images.writePng(img, file);
            pictures.add(img);
        }
        log.println(n + " picture(s) " + out.resolve(name + "-000.png") + (n > 1 ? " …" : "")
                + String.format(" (largest flow %.3f px)", radius));
        return pictures;
    }

    private static float[] plane(HostTensor t, int n, int channel, int hw) {
        float[] p = new float[hw];
        int base = (n * t.dim(1) + channel) * hw;
        for (int i = 0; i < hw; i++) {
            p[i] = t.flat(base + i);
        }
        return p;
    }

    /** The two inputs, whether they are pictures (one channel), and what they were read from, for messages. */
    private record Pair(HostTensor f1, HostTensor f2, boolean pictures, String source) {}

    private Pair load() throws IOException {
        if (input.npy != null) {
            HostTensor a = HostTensor.readNpy(existing(input.npy.get(0)));
            HostTensor b = HostTensor.readNpy(existing(input.npy.get(1)));
            for (int i = 0; i < 2; i++) {
                HostTensor t = i == 0 ? a : b;
                if (t.rank() != 4) {
                    throw new UsageException(input.npy.get(i) + " holds an array of shape " + t.shape() + " (rank "
                            + t.rank() + "); flow needs [N, C, H, W] (rank 4)");
                }
            }
            return new Pair(a, b, a.dim(1) == 1, input.npy.get(0) + " and " + input.npy.get(1));
        }
        if (input.images != null) {
            int[] s1 = new int[2];
            int[] s2 = new int[2];
            float[] a = Images.readGray(input.images.get(0), s1);
            float[] b = Images.readGray(input.images.get(1), s2);
            if (s1[0] != s2[0] || s1[1] != s2[1]) {
                throw new UsageException("the two images differ in size: " + input.images.get(0) + " is " + s1[1] + "x"
                        + s1[0] + ", " + input.images.get(1) + " is " + s2[1] + "x" + s2[0]);
            }
            if (s1[0] < 2 || s1[1] < 2) {
                throw new UsageException("the images are " + s1[1] + "x" + s1[0] + " (" + input.images.get(0) + ", "
                        + input.images.get(1) + "); flow needs at least 2x2 pixels");
            }
            Shape shape = Shape.of(1, 1, s1[0], s1[1]);
            return new Pair(
                    HostTensor.wrap(a, shape),
                    HostTensor.wrap(b, shape),
                    true,
                    input.images.get(0) + " and " + input.images.get(1));
        }
        return video(existing(input.video));
    }

    private Pair video(Path file) {
        if (maxFrames < 2) {
            throw new UsageException("--max-frames " + maxFrames + " is out of range; flow needs at least 2 frames");
        }
        FrameSize frameSize = frameSize();
        try (VideoReader reader = VideoReader.open(file)) {
            long frames = Math.min(reader.info().frameCount(), maxFrames);
            if (frames < 2) {
                throw new UsageException("video " + file + " has " + frames + " frame(s); flow needs at least 2");
            }
            long[] idx = new long[(int) frames];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i;
            }
            RgbClip clip = reader.read(idx, frameSize);
            int h = clip.height();
            int w = clip.width();
            if (h < 2 || w < 2) {
                throw new UsageException("video " + file + " has frames of " + w + "x" + h
                        + "; flow needs at least 2x2 pixels (scale them with --size WxH)");
            }
            int pairs = idx.length - 1;
            float[] a = new float[pairs * h * w];
            float[] b = new float[pairs * h * w];
            for (int t = 0; t < pairs; t++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        a[(t * h + y) * w + x] = luma(clip, t, y, x);
                        b[(t * h + y) * w + x] = luma(clip, t + 1, y, x);
                    }
                }
            }
            Shape shape = Shape.of(pairs, 1, h, w);
            return new Pair(HostTensor.wrap(a, shape), HostTensor.wrap(b, shape), true, "video " + file);
        }
    }

    private FrameSize frameSize() {
        if (size == null) {
            return FrameSize.source();
        }
        String[] p = size.toLowerCase(java.util.Locale.ROOT).split("x");
        int w;
        int h;
        try {
            w = Integer.parseInt(p[0].strip());
            h = Integer.parseInt(p[1].strip());
        } catch (RuntimeException e) {
            throw new UsageException("--size " + size + " is not WIDTHxHEIGHT, e.g. 320x240");
        }
        if (p.length != 2 || w < 2 || h < 2) {
            throw new UsageException("--size " + size + " is out of range; width and height must be at least 2");
        }
        return FrameSize.exact(w, h);
    }

    private static float luma(RgbClip clip, int t, int y, int x) {
        return (float) (0.299 * clip.get(t, y, x, 0) + 0.587 * clip.get(t, y, x, 1) + 0.114 * clip.get(t, y, x, 2));
    }

    private static Path existing(Path p) {
        UsageException.requireRegularFile("input", p, "");
        return p;
    }

    static String parameterName(String prefix, FlowParameter p) {
        return prefix + "." + p.key();
    }
}
