package io.repflow.data.dataset;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** File and folder reading shared by the parsers, turning I/O failures into {@link DatasetException}s. */
final class Lines {

    private Lines() {}

    /** The lines of a UTF-8 text file (a BOM is dropped). */
    static List<String> read(Path file) {
        if (!Files.exists(file)) {
            throw new DatasetException(file, "no such file");
        }
        if (Files.isDirectory(file)) {
            throw new DatasetException(file, "is a directory, expected a text file");
        }
        try {
            List<String> lines = decode(file, Files.readAllBytes(file));
            if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
                lines.set(0, lines.get(0).substring(1));
            }
            return lines;
        } catch (AccessDeniedException e) {
            throw new DatasetException(file, 0, "cannot be read: permission denied", e);
        } catch (IOException e) {
            throw new DatasetException(file, 0, "cannot be read: " + e, e);
        }
    }

    /** The lines of {@code bytes} as UTF-8; bytes that are not name the line and column (1-based) they are on. */
    private static List<String> decode(Path file, byte[] bytes) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                if (i == bytes.length && start == i) {
                    break;
                }
                int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
                java.nio.ByteBuffer line = java.nio.ByteBuffer.wrap(bytes, start, end - start);
                try {
                    lines.add(StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(line)
                            .toString());
                } catch (CharacterCodingException e) {
                    int at = line.position() - start;
                    throw new DatasetException(
                            file,
                            lines.size() + 1,
                            "is not UTF-8: byte " + String.format("0x%02x", bytes[start + at] & 0xff) + " at position "
                                    + (at + 1) + " of the line (save the file as UTF-8)");
                }
                start = i + 1;
            }
        }
        return lines;
    }

    /** Entries of a folder matching {@code filter}, sorted by name. */
    static List<Path> list(Path dir, Predicate<Path> filter) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                if (filter.test(p)) {
                    out.add(p);
                }
            }
        } catch (NoSuchFileException e) {
            throw new DatasetException(dir, 0, "no such directory", e);
        } catch (NotDirectoryException e) {
            throw new DatasetException(dir, 0, "is not a directory", e);
        } catch (AccessDeniedException e) {
            throw new DatasetException(dir, 0, "directory cannot be read: permission denied", e);
        } catch (IOException e) {
            throw new DatasetException(dir, 0, "directory cannot be read: " + e, e);
        }
        out.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return out;
    }

    /** Splits at runs of whitespace after trimming. */
    static String[] fields(String line) {
        return line.trim().split("\\s+");
    }
}
