package io.repflow.data.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of unusable file gets its own error naming the file. */
class BadVideoTest {

    @TempDir
    Path dir;

    private VideoException open(Path file) {
        VideoException e = assertThrows(VideoException.class, () -> {
            try (VideoReader r = VideoReader.open(file)) {
                r.read(new long[] {r.info().frameCount() - 1}, FrameSize.source());
            }
        });
        assertEquals(file, e.path());
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
        return e;
    }

    @Test
    void emptyFile() throws IOException {
        Path f = Files.createFile(dir.resolve("empty.avi"));
        VideoException e = open(f);
        assertEquals(VideoException.Kind.EMPTY, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void missingFile() {
        VideoException e = open(dir.resolve("nowhere.mp4"));
        assertEquals(VideoException.Kind.MISSING, e.kind(), e.getMessage());
    }

    @Test
    void wrongExtension() throws IOException {
        Path f = Files.move(VideoFixtures.copy(VideoFixtures.H264, dir), dir.resolve("clip.txt"));
        VideoException e = open(f);
        assertEquals(VideoException.Kind.UNSUPPORTED_EXTENSION, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("'.txt'") && e.getMessage().contains(".mp4"), e.getMessage());
    }

    @Test
    void textFileNamedMp4() throws IOException {
        Path f = Files.writeString(dir.resolve("notes.mp4"), "this is not a video\nat all\n");
        VideoException e = open(f);
        assertEquals(VideoException.Kind.NOT_A_VIDEO, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("cannot open it as a video container"), e.getMessage());
    }

    @Test
    void directoryNamedAvi() throws IOException {
        Path f = Files.createDirectory(dir.resolve("folder.avi"));
        VideoException e = open(f);
        assertEquals(VideoException.Kind.UNREADABLE, e.kind(), e.getMessage());
    }

    /** Cut at 60 %: the container still declares all frames, but the last ones cannot be decoded. */
    @Test
    void truncatedMp4AndAvi() throws IOException {
        for (String name : new String[] {VideoFixtures.H264, VideoFixtures.XVID}) {
            Path full = VideoFixtures.copy(name, dir);
            byte[] bytes = Files.readAllBytes(full);
            Path cut = Files.write(dir.resolve("cut_" + name), Arrays.copyOf(bytes, bytes.length * 6 / 10));
            VideoException e = open(cut);
            assertEquals(VideoException.Kind.CORRUPT, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    /** Cut to its first 300 bytes, a file is no longer a usable container. */
    @Test
    void fileCutInsideItsHeader() throws IOException {
        for (String name : new String[] {VideoFixtures.H264, VideoFixtures.XVID}) {
            Path full = VideoFixtures.copy(name, dir);
            Path cut = Files.write(dir.resolve("head_" + name), Arrays.copyOf(Files.readAllBytes(full), 300));
            VideoException e = open(cut);
            assertTrue(
                    e.kind() == VideoException.Kind.NOT_A_VIDEO
                            || e.kind() == VideoException.Kind.CORRUPT
                            || e.kind() == VideoException.Kind.NO_VIDEO_STREAM,
                    e.kind() + ": " + e.getMessage());
        }
    }
}
