package io.repflow.data.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * UCF101: {@code classInd.txt} ({@code <id> <Class>}, ids 1..101), {@code trainlist0<k>.txt}
 * ({@code <Class>/<video>.avi <id>}) and {@code testlist0<k>.txt} ({@code <Class>/<video>.avi}); videos under
 * {@code <videoRoot>/<Class>/}. Labels are the 1-based ids minus one.
 */
public final class Ucf101 {

    private Ucf101() {}

    /** Loads split {@code split} (1..3) of the given subset. Video files are not opened or checked here. */
    public static VideoDataset load(Path videoRoot, Path annotationDir, int split, Subset subset) {
        if (split < 1 || split > 3) {
            throw new IllegalArgumentException("UCF101 has splits 1, 2 and 3 but " + split + " was asked");
        }
        Path classFile = annotationDir.resolve("classInd.txt");
        List<String> classes = new ArrayList<>();
        Map<String, Integer> byName = new HashMap<>();
        List<String> lines = Lines.read(classFile);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] f = Lines.fields(line);
            if (f.length != 2) {
                throw new DatasetException(
                        classFile, i + 1, "expected '<id> <ClassName>' but found '" + line.trim() + "'");
            }
            int id = parseInt(f[0], classFile, i + 1, "class id");
            if (id != classes.size() + 1) {
                throw new DatasetException(
                        classFile,
                        i + 1,
                        "class ids must count up from 1; expected " + (classes.size() + 1) + " but found " + id);
            }
            if (byName.putIfAbsent(f[1], classes.size()) != null) {
                throw new DatasetException(classFile, i + 1, "class '" + f[1] + "' is listed twice");
            }
            classes.add(f[1]);
        }
        if (classes.isEmpty()) {
            throw new DatasetException(classFile, "lists no classes");
        }
        Path listFile = annotationDir.resolve((subset == Subset.TRAIN ? "trainlist0" : "testlist0") + split + ".txt");
        List<VideoSample> samples = new ArrayList<>();
        List<String> entries = Lines.read(listFile);
        for (int i = 0; i < entries.size(); i++) {
            String line = entries.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] f = Lines.fields(line);
            int expectedFields = subset == Subset.TRAIN ? 2 : 1;
            if (f.length != expectedFields) {
                throw new DatasetException(
                        listFile,
                        i + 1,
                        "expected '" + (subset == Subset.TRAIN ? "<Class>/<video>.avi <id>" : "<Class>/<video>.avi")
                                + "' but found '" + line.trim() + "'");
            }
            String rel = f[0].replace('\\', '/');
            int slash = rel.indexOf('/');
            if (slash <= 0 || slash == rel.length() - 1 || rel.indexOf('/', slash + 1) >= 0) {
                throw new DatasetException(listFile, i + 1, "expected '<Class>/<video>' but found '" + f[0] + "'");
            }
            String cls = rel.substring(0, slash);
            Integer label = byName.get(cls);
            if (label == null) {
                throw new DatasetException(listFile, i + 1, "unknown class '" + cls + "' (not in " + classFile + ")");
            }
            if (f.length == 2) {
                int id = parseInt(f[1], listFile, i + 1, "class id");
                if (id != label + 1) {
                    throw new DatasetException(
                            listFile,
                            i + 1,
                            "class id " + id + " does not match folder '" + cls + "', which is class " + (label + 1)
                                    + " in " + classFile);
                }
            }
            samples.add(new VideoSample(videoRoot.resolve(cls).resolve(rel.substring(slash + 1)), label));
        }
        return new VideoDataset(
                "ucf101-split" + split + "-" + subset.name().toLowerCase(Locale.ROOT), classes, samples);
    }

    static int parseInt(String s, Path file, int line, String what) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new DatasetException(file, line, what + " must be an integer but is '" + s + "'", e);
        }
    }
}
