package io.repflow.models.checkpoint;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.repflow.api.AtomicFiles;
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
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory of checkpoints, one sub-directory each ({@code step-0000000120/} holding
 * {@value #MANIFEST}, {@value #WEIGHTS}, {@value #OPTIMIZER}), and a {@value #LATEST} file naming the
 * newest complete one. A checkpoint is written into a hidden temporary directory and renamed into
 * place, and {@code latest} is replaced by an atomic rename, so a crash leaves the previous
 * checkpoint intact. The {@code keep} newest are kept.
 *
 * <p>Trust: the manifest records the size and SHA-256 of each file it was written with, and {@link #load}
 * checks both before reading, so a flipped byte is an error naming the file, not garbage weights. {@code latest}
 * must name a checkpoint directory of this store ({@code step-…} or {@code final}), never a path elsewhere.
 * {@link #newestLoadable} finds the newest checkpoint that loads when the latest one is damaged or missing.
 */
public final class CheckpointStore {

    public static final String MANIFEST = "manifest.json";
    public static final String WEIGHTS = "model.safetensors";
    public static final String OPTIMIZER = "optimizer.safetensors";
    public static final String LATEST = "latest";

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    private static final Pattern CHECKPOINT_NAME = Pattern.compile("step-[0-9]{10}|final");

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
        Path tmp = AtomicFiles.temporaryDirectory(root, name);
        Path target = root.resolve(name);
        try {
            write(tmp, checkpoint);
            if (Files.exists(target)) {
                Path old = AtomicFiles.temporaryDirectory(root, name + ".old");
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

    /**
     * The checkpoint directory {@code latest} names, if it names one that exists.
     *
     * @throws CheckpointFormatException when {@code latest} names anything but a checkpoint directory of this store
     *                                   (an absolute path, {@code ../other/step-…}, a nested path)
     */
    public Optional<Path> latest() throws IOException {
        Path pointer = root.resolve(LATEST);
        if (!Files.exists(pointer)) {
            return Optional.empty();
        }
        String name = Files.readString(pointer, StandardCharsets.UTF_8).strip();
        if (!CHECKPOINT_NAME.matcher(name).matches()) {
            throw new CheckpointFormatException(
                    pointer,
                    "names '" + name + "', which is not a checkpoint of this run directory; it must name a"
                            + " step-NNNNNNNNNN or final directory inside " + root);
        }
        Path dir = root.resolve(name);
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    /** A checkpoint that loaded, and why newer ones were passed over (empty when it is the latest). */
    public record Loadable(Path dir, Checkpoint checkpoint, List<String> passedOver) {
        public Loadable {
            passedOver = List.copyOf(passedOver);
        }
    }

    /**
     * The newest checkpoint of this store that loads and verifies: the one {@code latest} names, else the newest
     * {@code step-…} directory that does, with one line per newer one passed over (what is wrong with it).
     * Empty when the store holds no checkpoint at all; when none loads, the last problem is thrown.
     */
    public Optional<Loadable> newestLoadable() throws IOException {
        List<String> passed = new ArrayList<>();
        List<Path> candidates = new ArrayList<>();
        try {
            latest().ifPresent(candidates::add);
            if (candidates.isEmpty() && Files.exists(root.resolve(LATEST))) {
                passed.add(root.resolve(LATEST) + ": names "
                        + Files.readString(root.resolve(LATEST), StandardCharsets.UTF_8)
                                .strip()
                        + ", which is missing");
            }
        } catch (CheckpointFormatException e) {
            passed.add(e.getMessage());
        }
        if (Files.isDirectory(root)) {
            List<Path> steps = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, "step-*")) {
                ds.forEach(steps::add);
            }
            steps.sort(
                    Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
            steps.stream().filter(p -> !candidates.contains(p)).forEach(candidates::add);
        }
        CheckpointFormatException last = null;
        for (Path dir : candidates) {
            try {
                return Optional.of(new Loadable(dir, load(dir), passed));
            } catch (CheckpointFormatException e) {
                passed.add(e.getMessage());
                last = e;
            }
        }
        if (last != null) {
            throw new CheckpointFormatException(root, "no checkpoint loads: " + String.join("; ", passed));
        }
        return Optional.empty();
    }

    /**
     * Reads a checkpoint directory, after checking each file against the size and SHA-256 its manifest recorded
     * (manifests written before hashes were recorded load unverified, with a warning).
     */
    public static Checkpoint load(Path dir) throws IOException {
        Path manifestFile = dir.resolve(MANIFEST);
        if (!Files.exists(manifestFile)) {
            throw new CheckpointFormatException(dir, "is not a checkpoint: " + MANIFEST + " is missing");
        }
        CheckpointManifest manifest;
        Map<String, FileDigest> digests;
        try {
            JsonNode json = ManifestJson.JSON.readTree(manifestFile.toFile());
            if (json == null || json.isMissingNode()) {
                throw new CheckpointFormatException(manifestFile, "is empty; not a checkpoint manifest");
            }
            manifest = ManifestJson.read(json);
            digests = ManifestJson.files(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new CheckpointFormatException(
                    manifestFile,
                    "is not valid JSON"
                            + (at == null
                                    ? ""
                                    : " (it breaks off at line " + at.getLineNr() + ", column " + at.getColumnNr()
                                            + ")")
                            + "; the file is truncated or was edited");
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(manifestFile, e.getMessage());
        }
        if (digests.isEmpty()) {
            LOG.warn("{}: written before checkpoints recorded file hashes; loaded without verification", dir);
        }
        for (Map.Entry<String, FileDigest> d : digests.entrySet()) {
            d.getValue().verify(dir.resolve(d.getKey()));
        }
        SafeTensors.Contents weights = SafeTensors.read(dir.resolve(WEIGHTS));
        Path opt = dir.resolve(OPTIMIZER);
        Map<String, io.repflow.api.HostTensor> optimizer =
                Files.exists(opt) ? SafeTensors.read(opt).tensors() : Map.of();
        return new Checkpoint(manifest, weights.tensors(), optimizer);
    }

    /** Writes the three files of {@code checkpoint} into {@code dir} (each atomically), the manifest last with the others' hashes. */
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
        Map<String, FileDigest> digests = new java.util.LinkedHashMap<>();
        for (String name : List.of(WEIGHTS, OPTIMIZER)) {
            digests.put(name, FileDigest.of(dir.resolve(name)));
        }
        AtomicFiles.writeString(dir.resolve(MANIFEST), ManifestJson.write(checkpoint.manifest(), digests));
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
