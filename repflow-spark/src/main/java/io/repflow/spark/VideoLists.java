package io.repflow.spark;

import io.repflow.cli.UsageException;
import io.repflow.data.dataset.VideoDataset;
import io.repflow.data.dataset.VideoSample;
import io.repflow.data.sampling.ClipWindow;
import io.repflow.data.video.VideoFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The video references of a job as rows ({@code path}, {@code label}, {@code index} = list position,
 * {@code start}, {@code end} = clip window in seconds, see {@link VideoColumns#input}).
 */
final class VideoLists {

    private VideoLists() {}

    /**
     * A list file: one video per line, a path (relative to the list's folder) or a URI, optionally
     * followed by an integer label ({@code repflow train --list}'s {@code path label} lines work) and a
     * clip window {@code start=SECONDS end=SECONDS} (either may be left out: from the first frame, to the
     * last), e.g. {@code videos/abseiling/x7Gk.mp4 0 start=12 end=22} for a Kinetics row's
     * {@code time_start}/{@code time_end} on the untrimmed video. Blank lines and lines starting with
     * {@code #} are skipped.
     */
    static List<Row> list(Path file) {
        UsageException.requireRegularFile("--list", file, "");
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Path base = file.toAbsolutePath().getParent();
        List<Row> rows = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Double[] window = new Double[2];
            line = window(line, window, file, n + 1);
            Integer label = null;
            int cut = Math.max(line.lastIndexOf(' '), line.lastIndexOf('\t'));
            if (cut > 0 && line.substring(cut + 1).matches("\\d+")) {
                label = Integer.valueOf(line.substring(cut + 1));
                line = line.substring(0, cut).strip();
            }
            String path =
                    line.contains("://") ? line : base.resolve(line).normalize().toString();
            rows.add(RowFactory.create(path, label, (long) rows.size(), window[0], window[1]));
        }
        if (rows.isEmpty()) {
            throw new UsageException("--list " + file + " lists no videos");
        }
        return rows;
    }

    /** Takes trailing {@code start=S} / {@code end=E} tokens off {@code line} into {@code window}. */
    private static String window(String line, Double[] window, Path file, int lineNumber) {
        while (true) {
            int cut = Math.max(line.lastIndexOf(' '), line.lastIndexOf('\t'));
            String token = line.substring(cut + 1);
            int key = token.startsWith("start=") ? 0 : token.startsWith("end=") ? 1 : -1;
            if (cut <= 0 || key < 0) {
                break;
            }
            String value = token.substring(token.indexOf('=') + 1);
            try {
                window[key] = Double.valueOf(value);
            } catch (NumberFormatException e) {
                throw new UsageException("--list " + file + " line " + lineNumber + ": '" + token
                        + "' is not a clip window bound; use start=SECONDS / end=SECONDS, e.g. start=12.5");
            }
            line = line.substring(0, cut).strip();
        }
        try {
            if (window[0] != null || window[1] != null) {
                ClipWindow.of(window[0], window[1]);
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("--list " + file + " line " + lineNumber + ": " + e.getMessage());
        }
        return line;
    }

    /** Every video file under {@code root} (by extension), in path order, without labels. */
    static List<Row> root(Path root) {
        if (!Files.isDirectory(root)) {
            throw new UsageException("--root " + root + " is not a directory");
        }
        List<Row> rows = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile)
                    .filter(VideoFiles::isVideoName)
                    .sorted()
                    .toList()) {
                rows.add(RowFactory.create(p.toString(), null, (long) rows.size(), null, null));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        if (rows.isEmpty()) {
            throw new UsageException("--root " + root + " holds no video files (" + VideoFiles.EXTENSIONS + ")");
        }
        return rows;
    }

    /** A labelled dataset's videos ({@code repflow eval}'s test set), video i as index i. */
    static List<Row> dataset(VideoDataset data) {
        List<Row> rows = new ArrayList<>();
        for (VideoSample s : data.samples()) {
            rows.add(RowFactory.create(s.path().toString(), s.label(), (long) rows.size(), null, null));
        }
        return rows;
    }
}
