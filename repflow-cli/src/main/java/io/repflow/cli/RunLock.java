package io.repflow.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One owner per run directory: an OS file lock ({@link FileChannel#tryLock}) on {@value #FILE} in the directory,
 * held by {@code train} for its whole run and by {@code eval} while it writes there. The operating system drops
 * the lock when its process ends, however it ends, so a killed run never leaves the directory locked; the file
 * itself stays and says who held it last (pid, command, start time), which is what a refusal names.
 */
final class RunLock implements AutoCloseable {

    static final String FILE = "run.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes {@code dir}'s lock for {@code command} (creating {@code dir}), or refuses with one line naming the
     * directory and the owner's pid when another process (or another command in this JVM) holds it.
     */
    static RunLock acquire(Path dir, String command) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String owner = owner(channel);
            channel.close();
            throw new UsageException(dir.toAbsolutePath() + " is in use by another repflow process"
                    + (owner.isEmpty() ? "" : " (" + owner + ")")
                    + "; a run directory has one owner at a time: wait for it to finish or choose another --out");
        }
        try {
            channel.truncate(0);
            String who =
                    "pid " + ProcessHandle.current().pid() + ", repflow " + command + " since " + Instant.now() + "\n";
            ByteBuffer b = ByteBuffer.wrap(who.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                channel.write(b, b.position());
            }
            channel.force(false);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new RunLock(channel, lock);
    }

    /** What the holder wrote into the lock file (empty when it has not yet). */
    private static String owner(FileChannel channel) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(512);
        channel.read(b, 0);
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
