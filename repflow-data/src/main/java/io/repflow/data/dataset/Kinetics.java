package io.repflow.data.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Kinetics from the official annotation CSV ({@code label,youtube_id,time_start,time_end,split}, more
 * columns allowed, any order, quoted fields allowed) with the usual trimmed-clip layout
 * {@code <root>/<split>/<label>/<youtube_id>_<time_start:06d>_<time_end:06d>.mp4}. Classes are the CSV's
 * labels in sorted order, or — for Mini-Kinetics and other subsets — the names of a class list file (one per
 * line) in the file's order, keeping only rows of those classes.
 *
 * <pre>{@code
 * VideoDataset train = Kinetics.builder(Path.of("kinetics400/train.csv"), Path.of("kinetics400"))
 *         .classSubset(Path.of("mini_kinetics_200_classes.txt")).load();
 * }</pre>
 */
public final class Kinetics {

    private static final String[] REQUIRED = {"label", "youtube_id", "time_start", "time_end", "split"};

    private final Path csv;
    private final Path root;
    private Path classSubset;
    private boolean spacesToUnderscores;
    private String extension = "mp4";

    private Kinetics(Path csv, Path root) {
        this.csv = Objects.requireNonNull(csv, "csv");
        this.root = Objects.requireNonNull(root, "root");
    }

    /** A loader for the annotation file {@code csv} with videos under {@code root}. */
    public static Kinetics builder(Path csv, Path root) {
        return new Kinetics(csv, root);
    }

    /** Keep only the classes listed (one name per line) in this file; their order gives the labels. */
    public Kinetics classSubset(Path classListFile) {
        this.classSubset = classListFile;
        return this;
    }

    /** Class folders name labels with '_' for ' ' (as some download scripts write them). Default: as is. */
    public Kinetics spacesToUnderscores(boolean on) {
        this.spacesToUnderscores = on;
        return this;
    }

    /** Video file extension without the dot (default {@code mp4}). */
    public Kinetics extension(String ext) {
        this.extension = ext.startsWith(".") ? ext.substring(1) : ext;
        return this;
    }

    public VideoDataset load() {
        List<String> lines = Lines.read(csv);
        int headerLine = 0;
        while (headerLine < lines.size() && lines.get(headerLine).isBlank()) {
            headerLine++;
        }
        if (headerLine == lines.size()) {
            throw new DatasetException(csv, "is empty; expected the header " + String.join(",", REQUIRED));
        }
        List<String> header = splitCsv(lines.get(headerLine), csv, headerLine + 1);
        Map<String, Integer> column = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            column.put(header.get(i).trim().toLowerCase(Locale.ROOT), i);
        }
        for (String r : REQUIRED) {
            if (!column.containsKey(r)) {
                throw new DatasetException(
                        csv,
                        headerLine + 1,
                        "the header lacks the column '" + r + "'; expected " + String.join(",", REQUIRED)
                                + " but found " + String.join(",", header));
            }
        }
        record Row(int line, String label, Path path) {}
        List<Row> rows = new ArrayList<>();
        TreeSet<String> labels = new TreeSet<>();
        for (int i = headerLine + 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> f = splitCsv(lines.get(i), csv, i + 1);
            if (f.size() != header.size()) {
                throw new DatasetException(csv, i + 1, "expected " + header.size() + " fields but found " + f.size());
            }
            String label = f.get(column.get("label")).trim();
            String id = f.get(column.get("youtube_id")).trim();
            String split = f.get(column.get("split")).trim();
            if (label.isEmpty() || id.isEmpty() || split.isEmpty()) {
                throw new DatasetException(csv, i + 1, "label, youtube_id and split must not be empty");
            }
            int start = seconds(f.get(column.get("time_start")), i + 1, "time_start");
            int end = seconds(f.get(column.get("time_end")), i + 1, "time_end");
            if (end <= start) {
                throw new DatasetException(csv, i + 1, "time_end " + end + " must be after time_start " + start);
            }
            String folder = spacesToUnderscores ? label.replace(' ', '_') : label;
            String file = String.format(Locale.ROOT, "%s_%06d_%06d.%s", id, start, end, extension);
            rows.add(new Row(i + 1, label, root.resolve(split).resolve(folder).resolve(file)));
            labels.add(label);
        }
        List<String> classes;
        if (classSubset == null) {
            classes = new ArrayList<>(labels);
        } else {
            classes = new ArrayList<>();
            List<String> subset = Lines.read(classSubset);
            for (int i = 0; i < subset.size(); i++) {
                String name = subset.get(i).trim();
                if (name.isEmpty()) {
                    continue;
                }
                if (!labels.contains(name)) {
                    throw new DatasetException(
                            classSubset, i + 1, "unknown class '" + name + "': no row of " + csv + " has this label");
                }
                if (classes.contains(name)) {
                    throw new DatasetException(classSubset, i + 1, "class '" + name + "' is listed twice");
                }
                classes.add(name);
            }
            if (classes.isEmpty()) {
                throw new DatasetException(classSubset, "lists no classes");
            }
        }
        Map<String, Integer> labelOf = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            labelOf.put(classes.get(c), c);
        }
        List<VideoSample> samples = new ArrayList<>();
        for (Row r : rows) {
            Integer label = labelOf.get(r.label());
            if (label != null) {
                samples.add(new VideoSample(r.path(), label));
            }
        }
        String name = csv.getFileName().toString();
        return new VideoDataset(name, classes, samples);
    }

    private int seconds(String s, int line, String what) {
        String t = s.trim();
        try {
            double v = Double.parseDouble(t);
            if (v < 0 || v != Math.rint(v) || v > 999_999) {
                throw new DatasetException(
                        csv, line, what + " must be a whole number of seconds in 0..999999 but is '" + t + "'");
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw new DatasetException(csv, line, what + " must be a number but is '" + t + "'", e);
        }
    }

    /** Splits one CSV record (RFC 4180 quoting, no line breaks inside fields). */
    static List<String> splitCsv(String line, Path file, int lineNo) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new DatasetException(file, lineNo, "a quoted field is not closed");
        }
        out.add(cur.toString());
        return out;
    }
}
