package io.repflow.data.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * HMDB51: videos under {@code <videoRoot>/<class>/<name>.avi}, and per class and split a file
 * {@code <class>_test_split<k>.txt} whose lines are {@code <name>.avi <id>} with id 1 = training, 2 = testing,
 * 0 = not used in that split. Classes are the split files' class names in sorted order (labels 0..50).
 */
public final class Hmdb51 {

    private static final String MARK = "_test_split";

    private Hmdb51() {}

    /** Loads split {@code split} (1..3) of the given subset. Video files are not opened or checked here. */
    public static VideoDataset load(Path videoRoot, Path splitDir, int split, Subset subset) {
        if (split < 1 || split > 3) {
            throw new IllegalArgumentException("HMDB51 has splits 1, 2 and 3 but " + split + " was asked");
        }
        String suffix = MARK + split + ".txt";
        List<Path> files =
                Lines.list(splitDir, p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p));
        if (files.isEmpty()) {
            throw new DatasetException(splitDir, "holds no split files named <class>" + suffix);
        }
        List<String> classes = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            classes.add(name.substring(0, name.length() - suffix.length()));
        }
        String wanted = subset == Subset.TRAIN ? "1" : "2";
        List<VideoSample> samples = new ArrayList<>();
        for (int label = 0; label < files.size(); label++) {
            Path file = files.get(label);
            String cls = classes.get(label);
            if (!Files.isDirectory(videoRoot.resolve(cls))) {
                throw new DatasetException(
                        file, "names class '" + cls + "' but " + videoRoot.resolve(cls) + " is not a directory");
            }
            List<String> lines = Lines.read(file);
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    continue;
                }
                String[] f = Lines.fields(line);
                if (f.length != 2) {
                    throw new DatasetException(
                            file, i + 1, "expected '<video>.avi <0|1|2>' but found '" + line.trim() + "'");
                }
                if (!f[1].equals("0") && !f[1].equals("1") && !f[1].equals("2")) {
                    throw new DatasetException(
                            file, i + 1, "split id must be 0 (unused), 1 (train) or 2 (test) but is '" + f[1] + "'");
                }
                if (f[0].contains("/") || f[0].contains("\\")) {
                    throw new DatasetException(
                            file, i + 1, "expected a bare file name but found the path '" + f[0] + "'");
                }
                if (!seen.add(f[0])) {
                    throw new DatasetException(file, i + 1, "video '" + f[0] + "' is listed twice");
                }
                if (f[1].equals(wanted)) {
                    samples.add(new VideoSample(videoRoot.resolve(cls).resolve(f[0]), label));
                }
            }
        }
        return new VideoDataset(
                "hmdb51-split" + split + "-" + subset.name().toLowerCase(java.util.Locale.ROOT), classes, samples);
    }
}
