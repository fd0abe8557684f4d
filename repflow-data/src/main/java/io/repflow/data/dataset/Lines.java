package io.repflow.data.dataset;

import java.io.IOException;
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
            List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
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
