package io.repflow.models.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Size and SHA-256 of a checkpoint file, as its manifest records them: what {@link CheckpointStore#load} checks
 * before trusting a file's bytes.
 */
record FileDigest(long bytes, String sha256) {

    static FileDigest of(Path file) throws IOException {
        MessageDigest sha = newSha256();
        long n = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                sha.update(buf, 0, r);
                n += r;
            }
        }
        return new FileDigest(n, HexFormat.of().formatHex(sha.digest()));
    }

    /** Throws a {@link CheckpointFormatException} naming {@code file} unless it has this size and hash. */
    void verify(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CheckpointFormatException(file, "is missing; the manifest lists it");
        }
        FileDigest actual;
        try {
            actual = of(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointFormatException(file, "is missing; the manifest lists it");
        }
        if (actual.bytes != bytes) {
            throw new CheckpointFormatException(
                    file,
                    "is damaged: it has " + actual.bytes + " bytes but was written with " + bytes
                            + " (truncated or changed after it was written)");
        }
        if (!actual.sha256.equals(sha256)) {
            throw new CheckpointFormatException(
                    file,
                    "is damaged: its SHA-256 is " + actual.sha256 + " but it was written with " + sha256
                            + " (bytes changed after it was written)");
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
