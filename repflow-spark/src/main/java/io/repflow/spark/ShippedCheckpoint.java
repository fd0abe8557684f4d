package io.repflow.spark;

import io.repflow.models.checkpoint.Checkpoint;
import io.repflow.models.checkpoint.CheckpointStore;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bytes of a checkpoint's files, broadcast once to every executor, with their SHA-256 as the name
 * executors cache the opened model under. All of its files go, optimiser state included: the manifest
 * records each file's hash and {@link CheckpointStore#load} checks every one on the executor too.
 */
public record ShippedCheckpoint(String sha256, Map<String, byte[]> files) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Reads the checkpoint directory {@code dir}. */
    public static ShippedCheckpoint read(Path dir) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        MessageDigest digest = newDigest();
        for (String name :
                new String[] {CheckpointStore.MANIFEST, CheckpointStore.WEIGHTS, CheckpointStore.OPTIMIZER}) {
            if (name.equals(CheckpointStore.OPTIMIZER) && !Files.exists(dir.resolve(name))) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(dir.resolve(name));
            digest.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update(bytes);
            files.put(name, bytes);
        }
        return new ShippedCheckpoint(HexFormat.of().formatHex(digest.digest()), files);
    }

    /** Writes the files into a new temporary directory of this JVM and loads the checkpoint from there. */
    public Checkpoint open() {
        try {
            Path dir = Files.createTempDirectory("repflow-checkpoint-" + sha256.substring(0, 12) + "-");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Files.write(dir.resolve(f.getKey()), f.getValue());
            }
            try {
                return CheckpointStore.load(dir);
            } finally {
                for (String name : files.keySet()) {
                    Files.deleteIfExists(dir.resolve(name));
                }
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the shipped checkpoint " + sha256, e);
        }
    }

    /** Total bytes shipped. */
    public long size() {
        return files.values().stream().mapToLong(b -> b.length).sum();
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
