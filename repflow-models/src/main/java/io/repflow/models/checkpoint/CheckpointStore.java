package io.repflow.models.checkpoint;

import io.repflow.api.Checks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory of checkpoints, one sub-directory each ({@code step-0000000120/} holding
 * {@value #MANIFEST}, {@value #WEIGHTS}, {@value #OPTIMIZER}), and a {@value #LATEST} file naming the
 * newest complete one. A checkpoint is written into a hidden temporary directory and renamed into
 * place, and {@code latest} is replaced by an atomic rename, so a crash leaves the previous
 * checkpoint intact. The {@code keep} newest are kept.
 */
public final class CheckpointStore {

    public static final String MANIFEST = "manifest.json";
    public static final String WEIGHTS = "model.safetensors";
    public static final String OPTIMIZER = "optimizer.safetensors";
    public static final String LATEST = "latest";

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);

    private final Path root;
    private final int keep;

    public CheckpointStore(Path root, int keep) {
        this.root = Checks.notNull("checkpoint directory", root).toAbsolutePath();
        this.keep = Checks.atLeast("checkpoints to keep", keep, 1);
    }

    public Path root() {
        return root;
    }

    /** Writes {@code checkpoint} as {@code step-<step>} (or {@code final} without a training state) and makes it the latest. */
    public Path save(Checkpoint checkpoint) throws IOException {
        String name = checkpoint.manifest().state() == null
                ? "final"
                : String.format("step-%010d", checkpoint.manifest().state().step());
        Files.createDirectories(root);
        Path tmp = Files.createTempDirectory(root, "." + name + ".tmp");
        Path target = root.resolve(name);
        try {
            write(tmp, checkpoint);
            if (Files.exists(target)) {
                Path old = Files.createTempDirectory(root, "." + name + ".old");
                Files.move(target, old.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(old);
            } else {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            if (Files.exists(tmp)) {
                deleteTree(tmp);
            }
        }
        AtomicFiles.writeString(root.resolve(LATEST), name + "\n");
        prune(name);
        LOG.info("checkpoint {} written", target);
        return target;
    }

    /** The newest complete checkpoint's directory, if any. */
    public Optional<Path> latest() throws IOException {
        Path pointer = root.resolve(LATEST);
        if (!Files.exists(pointer)) {
            return Optional.empty();
        }
        Path dir =
                root.resolve(Files.readString(pointer, StandardCharsets.UTF_8).strip());
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    /** Reads a checkpoint directory. */
    public static Checkpoint load(Path dir) throws IOException {
        Path manifestFile = dir.resolve(MANIFEST);
        if (!Files.exists(manifestFile)) {
            throw new CheckpointFormatException(dir, "is not a checkpoint: " + MANIFEST + " is missing");
        }
        CheckpointManifest manifest;
        try {
            manifest = ManifestJson.read(ManifestJson.JSON.readTree(manifestFile.toFile()));
        } catch (IllegalArgumentException | IOException e) {
            throw new CheckpointFormatException(manifestFile, e.getMessage());
        }
        SafeTensors.Contents weights = SafeTensors.read(dir.resolve(WEIGHTS));
        Path opt = dir.resolve(OPTIMIZER);
        Map<String, io.repflow.api.HostTensor> optimizer =
                Files.exists(opt) ? SafeTensors.read(opt).tensors() : Map.of();
        return new Checkpoint(manifest, weights.tensors(), optimizer);
    }

    /** Writes the three files of {@code checkpoint} into {@code dir} (each atomically). */
    public static void write(Path dir, Checkpoint checkpoint) throws IOException {
        Files.createDirectories(dir);
        SafeTensors.write(
                dir.resolve(WEIGHTS),
                checkpoint.weights(),
                Map.of(
                        "format",
                        "pt",
                        "repflow.model",
                        checkpoint.manifest().spec().name()));
        SafeTensors.write(
                dir.resolve(OPTIMIZER),
                checkpoint.optimizer(),
                Map.of("repflow.content", "sgd momentum buffers by parameter name"));
        AtomicFiles.writeString(dir.resolve(MANIFEST), ManifestJson.write(checkpoint.manifest()));
    }

    private void prune(String newest) throws IOException {
        List<Path> steps = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, "step-*")) {
            ds.forEach(steps::add);
        }
        steps.sort(Comparator.comparing(p -> p.getFileName().toString()));
        for (int i = 0; i < steps.size() - keep; i++) {
            if (!steps.get(i).getFileName().toString().equals(newest)) {
                deleteTree(steps.get(i));
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
