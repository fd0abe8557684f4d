package io.repflow.data.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A text file of {@code <path> <label>} lines (label a 0-based integer; the path may contain spaces, the
 * label is the last field), or for frame folders MMAction2's rawframes list of {@code <folder> <num_frames>
 * <label>} lines. Relative paths are resolved against the list file's folder. Blank lines and lines starting
 * with {@code #} are skipped.
 */
public final class ListFile {

    private ListFile() {}

    /** Loads a list whose labels index {@code classes}. */
    public static VideoDataset load(Path listFile, List<String> classes) {
        return parse(listFile, classes, false);
    }

    /** Loads a list; classes are named "0", "1", … up to the largest label. */
    public static VideoDataset load(Path listFile) {
        return parse(listFile, null, false);
    }

    /** Loads a list with class names from a file of one name per line (label order). */
    public static VideoDataset load(Path listFile, Path classNamesFile) {
        return parse(listFile, classNames(classNamesFile), false);
    }

    /** Loads a rawframes list ({@code <folder> <num_frames> <label>}); classes are named "0", "1", …. */
    public static VideoDataset loadFrames(Path listFile) {
        return parse(listFile, null, true);
    }

    /** Loads a rawframes list with class names from a file of one name per line (label order). */
    public static VideoDataset loadFrames(Path listFile, Path classNamesFile) {
        return parse(listFile, classNames(classNamesFile), true);
    }

    private static List<String> classNames(Path classNamesFile) {
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
        return classes;
    }

    private static VideoDataset parse(Path listFile, List<String> classes, boolean frames) {
        Path base = listFile.toAbsolutePath().getParent();
        List<VideoSample> samples = new ArrayList<>();
        List<String> lines = Lines.read(listFile);
        int maxLabel = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String expected = frames ? "'<folder> <num_frames> <label>'" : "'<path> <label>'";
            int cut = lastSpace(line);
            if (cut <= 0) {
                throw new DatasetException(listFile, i + 1, "expected " + expected + " but found '" + line + "'");
            }
            String path = line.substring(0, cut).trim();
            long frameCount = 0;
            if (frames) {
                int countCut = lastSpace(path);
                if (countCut <= 0) {
                    throw new DatasetException(listFile, i + 1, "expected " + expected + " but found '" + line + "'");
                }
                frameCount = Ucf101.parseInt(path.substring(countCut + 1), listFile, i + 1, "num_frames");
                if (frameCount < 1) {
                    throw new DatasetException(listFile, i + 1, "num_frames must be >= 1 but is " + frameCount);
                }
                path = path.substring(0, countCut).trim();
            }
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
            samples.add(new VideoSample(base.resolve(path).normalize(), label, frameCount));
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

    private static int lastSpace(String line) {
        return Math.max(line.lastIndexOf(' '), line.lastIndexOf('\t'));
    }
}
