package io.repflow.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.models.arch.ResNetDepth;
import io.repflow.models.arch.ResNetKind;
import io.repflow.models.arch.ResNets;
import io.repflow.models.checkpoint.PretrainedWeights;
import io.repflow.models.spec.ClipShape;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spi.CompiledModel;
import io.repflow.reference.DoubleTensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * torchvision parity of {@code --init-from}: for each ResNet torchvision ships ({@code resnet18/34/50},
 * {@code r3d_18}, {@code r2plus1d_18}) with random weights and non-trivial batch-norm statistics, the
 * {@code state_dict} saved as {@code .safetensors} and loaded through {@link PretrainedWeights} gives, on this
 * backend, the logits torchvision computes (in float64) for the same clip, to {@link #LOGITS}: max |diff| at
 * most 1e-4 of the largest |logit|. Every tensor must load (none missing, none unexpected besides
 * {@code num_batches_tracked}, which is ignored).
 *
 * <p>The fixtures are made once per test class by {@code torchvision_parity_fixture.py} (a resource of this
 * module) with Debian's {@code python3-torchvision}; {@code -Drepflow.python=...} names another interpreter.
 * Requires {@code MODEL_COMPILER}.
 */
public abstract class TorchvisionParityContract extends ModelContract {

    /** Logits relative to the largest |logit|: float32 through up to 50 layers stays far inside. */
    public static final Tolerance LOGITS = Tolerance.scaled(1e-4, 0);

    /** Class count of the fixtures' classifiers. */
    static final int CLASSES = 7;

    /** The architectures and the clip each is checked on (2D: 2 frames of 112², video: 8 frames of 56²). */
    public enum Architecture {
        RESNET18("resnet18", ResNetKind.PER_FRAME_2D, ResNetDepth.R18, 2, 112),
        RESNET34("resnet34", ResNetKind.PER_FRAME_2D, ResNetDepth.R34, 2, 112),
        RESNET50("resnet50", ResNetKind.PER_FRAME_2D, ResNetDepth.R50, 2, 112),
        R3D_18("r3d_18", ResNetKind.R3D, ResNetDepth.R18, 8, 56),
        R2PLUS1D_18("r2plus1d_18", ResNetKind.R2PLUS1D, ResNetDepth.R18, 8, 56);

        final String torchName;
        final ResNetKind kind;
        final ResNetDepth depth;
        final int frames;
        final int size;

        Architecture(String torchName, ResNetKind kind, ResNetDepth depth, int frames, int size) {
            this.torchName = torchName;
            this.kind = kind;
            this.depth = depth;
            this.frames = frames;
            this.size = size;
        }

        ModelSpec spec() {
            return ResNets.builder(kind, depth)
                    .clip(ClipShape.rgb(frames, size))
                    .classes(CLASSES)
                    .build();
        }
    }

    private Path fixtures;

    protected TorchvisionParityContract(String backendId) {
        super(backendId);
    }

    @BeforeAll
    void makeFixtures() throws IOException, InterruptedException {
        fixtures = Files.createTempDirectory("repflow-torchvision-parity");
        Path script = fixtures.resolve("torchvision_parity_fixture.py");
        try (InputStream in = TorchvisionParityContract.class.getResourceAsStream("torchvision_parity_fixture.py")) {
            Files.copy(in, script);
        }
        List<String> command =
                new ArrayList<>(List.of(python(), script.toString(), fixtures.toString(), Integer.toString(CLASSES)));
        for (Architecture a : Architecture.values()) {
            command.add(a.torchName + ":" + a.frames + ":" + a.size);
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("torchvision fixtures failed (" + String.join(" ", command) + "): " + output
                    + " — Debian's python3-torchvision is needed (.ci/run installs it)");
        }
    }

    @AfterAll
    void deleteFixtures() throws IOException {
        if (fixtures != null) {
            try (var files = Files.list(fixtures)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(fixtures);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Architecture.class)
    public void logitsEqualTorchvisions(Architecture a) throws IOException {
        ModelSpec spec = a.spec();
        PretrainedWeights weights = PretrainedWeights.read(fixtures.resolve(a.torchName + ".safetensors"));
        assertEquals(PretrainedWeights.Origin.TORCHVISION, weights.origin(), a.torchName);
        HostTensor clip = HostTensor.readNpy(fixtures.resolve(a.torchName + ".clip.npy"));
        DoubleTensor expected = DoubleTensor.of(HostTensor.readNpy(fixtures.resolve(a.torchName + ".logits.npy")));
        try (CompiledModel model = compile(spec, 1)) {
            PretrainedWeights.Result r = weights.applyTo(spec, model.parameters());
            assertEquals(spec.parameterShapes().size(), r.loaded().size(), a.torchName + ": " + r.lines());
            assertTrue(r.missing().isEmpty() && r.unexpected().isEmpty(), a.torchName + ": " + r.lines());
            model.setParameters(r.values());
            HostTensor logits = model.forward(Mode.EVAL, clip);
            Subject subject = new Subject(
                    backendId(),
                    "logitsEqualTorchvisions",
                    clip.shape(),
                    20190616L,
                    spec.name() + " from " + a.torchName);
            LOGITS.assertClose(subject, "EVAL logits", logits, expected);
            Tolerance.Report report = LOGITS.compare(logits.toDoubleArray(), expected.data());
            System.out.printf(
                    "[%s] %s: max |diff| / max |logit| = %.2e%n",
                    backendId(), a.torchName, report.maxAbsDiff() / report.scale());
        }
    }

    private static String python() {
        String configured = System.getProperty("repflow.python");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }
}
