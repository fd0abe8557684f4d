package io.repflow.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Files written through a hidden temporary sibling ({@code .NAME.<16 hex>.tmp}) and an atomic rename, so readers
 * never see half a file and a crash leaves the previous one. The temporaries are created like any new file
 * (permissions from the umask, 0644 as a rule), not 0600 as {@link Files#createTempFile} makes them, so the renamed
 * file has the permissions of its neighbours. {@link #isTemporary} recognises the name, so a run can clear the
 * ones a killed process left.
 */
public final class AtomicFiles {

    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.[0-9a-f]{16}\\.tmp");

    private AtomicFiles() {}

    /** Writes the temporary file through a channel (forced to disk before the rename). */
    @FunctionalInterface
    public interface Body {
        void write(FileChannel out) throws IOException;
    }

    /** Writes the temporary file by its path (for writers that open files themselves). */
    @FunctionalInterface
    public interface PathBody {
        void write(Path temporary) throws IOException;
    }

    /** {@code file} written by {@code body} into a temporary sibling, forced to disk, then renamed into place. */
    public static void write(Path file, Body body) throws IOException {
        writeVia(file, tmp -> {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                body.write(out);
                out.force(true);
            }
        });
    }

    /** {@code file} written by {@code body} at a temporary sibling's path, then renamed into place. */
    public static void writeVia(Path file, PathBody body) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path tmp = temporarySibling(absolute);
        try {
            body.write(tmp);
            Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.FileSystemException e) {
            throw e;
        } catch (IOException e) {
            // a write error (a full disk: "No space left on device") names no file by itself
            throw new IOException("cannot write " + absolute + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** {@code text} as UTF-8. */
    public static void writeString(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(file, out -> {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                out.write(b);
            }
        });
    }

    /** A new empty temporary file beside {@code file} (its directory created if missing). */
    public static Path temporarySibling(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        while (true) {
            try {
                return Files.createFile(
                        dir.resolve(temporaryName(absolute.getFileName().toString())));
            } catch (FileAlreadyExistsException taken) {
                // another writer drew the same name: draw again
            }
        }
    }

    /** A new empty temporary directory in {@code parent} for what will become {@code parent/name}. */
    public static Path temporaryDirectory(Path parent, String name) throws IOException {
        Files.createDirectories(parent);
        while (true) {
            try {
                return Files.createDirectory(parent.resolve(temporaryName(name)));
            } catch (FileAlreadyExistsException taken) {
                // drawn before: draw again
            }
        }
    }

    /** Whether {@code fileName} is the name of one of these temporaries. */
    public static boolean isTemporary(String fileName) {
        return TEMPORARY.matcher(fileName).matches();
    }

    private static String temporaryName(String name) {
        return "." + name + "."
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ".tmp";
    }
}
