package io.repflow.data.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A text file of {@code <path> <label>} lines (label a 0-based integer; the path may contain spaces, the
 * label is the last field). Relative paths are resolved against the list file's folder. Blank lines and
 * lines starting with {@code #} are skipped.
 */
public final class ListFile {

    private ListFile() {}

    /** Loads a list whose labels index {@code classes}. */
    public static VideoDataset load(Path listFile, List<String> classes) {
        return parse(listFile, classes);
    }

    /** Loads a list; classes are named "0", "1", … up to the largest label. */
    public static VideoDataset load(Path listFile) {
        return parse(listFile, null);
    }

    /** Loads a list with class names from a file of one name per line (label order). */
    public static VideoDataset load(Path listFile, Path classNamesFile) {
        List<String> classes = new ArrayList<>();
        List<String> lines = Lines.read(classNamesFile);
        for (int i = 0; i < lines.size(); i++) {
            String name = lines.get(i).trim();
            if (name.isEmpty()) {
                continue;
            }
            if (classes.contains(name)) {
                throw new DatasetException(classNamesFile, i + 1, "class '" + name + "' is listed twice");
            }
            classes.add(name);
        }
        if (classes.isEmpty()) {
            throw new DatasetException(classNamesFile, "lists no classes");
        }
        return parse(listFile, classes);
    }

    private static VideoDataset parse(Path listFile, List<String> classes) {
        Path base = listFile.toAbsolutePath().getParent();
        List<VideoSample> samples = new ArrayList<>();
        List<String> lines = Lines.read(listFile);
        int maxLabel = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int cut = Math.max(line.lastIndexOf(' '), line.lastIndexOf('\t'));
            if (cut <= 0) {
                throw new DatasetException(listFile, i + 1, "expected '<path> <label>' but found '" + line + "'");
            }
            String path = line.substring(0, cut).trim();
            int label = Ucf101.parseInt(line.substring(cut + 1), listFile, i + 1, "label");
            if (label < 0) {
                throw new DatasetException(listFile, i + 1, "label must be >= 0 but is " + label);
            }
            if (classes != null && label >= classes.size()) {
                throw new DatasetException(
                        listFile,
                        i + 1,
                        "label " + label + " is not a known class; there are " + classes.size() + " classes (0.."
                                + (classes.size() - 1) + ")");
            }
            maxLabel = Math.max(maxLabel, label);
            samples.add(new VideoSample(base.resolve(path).normalize(), label));
        }
        if (samples.isEmpty()) {
            throw new DatasetException(listFile, "lists no videos");
        }
        List<String> names = classes;
        if (names == null) {
            names = new ArrayList<>();
            for (int c = 0; c <= maxLabel; c++) {
                names.add(Integer.toString(c));
            }
        }
        String fileName = listFile.getFileName().toString();
        return new VideoDataset(fileName, names, samples);
    }
}
