package io.repflow.cli;

import io.repflow.api.AtomicFiles;
import io.repflow.models.checkpoint.CheckpointStore;
import io.repflow.models.eval.ConfusionMatrix;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Files a run leaves beside its checkpoints: confusion matrix (CSV and PNG), class names (metrics: {@link RunMetrics}). */
public final class RunFiles {

    static final String CLASSES = "classes.txt";
    static final String SKIPPED = "skipped.jsonl";

    private RunFiles() {}

    static void writeClasses(Path dir, List<String> names) throws IOException {
        writeAtomically(dir.resolve(CLASSES), String.join("\n", names) + "\n");
    }

    public static List<String> readClasses(Path dir, int expected) throws IOException {
        for (Path d = dir.toAbsolutePath(); d != null; d = d.getParent()) {
            Path f = d.resolve(CLASSES);
            if (Files.isRegularFile(f)) {
                List<String> names = Files.readAllLines(f).stream()
                        .map(String::strip)
                        .filter(l -> !l.isEmpty())
                        .toList();
                if (names.size() == expected) {
                    return names;
                }
            }
        }
        return java.util.stream.IntStream.range(0, expected)
                .mapToObj(i -> "class " + i)
                .toList();
    }

    /** confusion.csv (rows = truth, columns = prediction, with class names) and confusion.png. */
    public static void writeConfusion(Path dir, String name, ConfusionMatrix m, List<String> classes)
            throws IOException {
        StringBuilder sb = new StringBuilder("truth\\predicted");
        for (String c : classes) {
            sb.append(',').append(csvCell(c));
        }
        sb.append('\n');
        for (int t = 0; t < m.classes(); t++) {
            sb.append(csvCell(classes.get(t)));
            for (int p = 0; p < m.classes(); p++) {
                sb.append(',').append(m.count(t, p));
            }
            sb.append('\n');
        }
        writeAtomically(dir.resolve(name + ".csv"), sb.toString());
        Images.writePng(confusionPicture(m, classes), dir.resolve(name + ".png"));
    }

    private static BufferedImage confusionPicture(ConfusionMatrix m, List<String> classes) {
        int k = m.classes();
        int cell = Math.max(12, Math.min(48, 640 / Math.max(1, k)));
        int label = 140;
        BufferedImage img = new BufferedImage(label + k * cell + 10, label + k * cell + 10, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(9, Math.min(12, cell / 2))));
        for (int t = 0; t < k; t++) {
            long support = Math.max(1, m.support(t));
            for (int p = 0; p < k; p++) {
                float frac = (float) m.count(t, p) / support;
                g.setColor(new Color(1 - frac, 1 - 0.6f * frac, 1f));
                g.fillRect(label + p * cell, label + t * cell, cell, cell);
                g.setColor(Color.LIGHT_GRAY);
                g.drawRect(label + p * cell, label + t * cell, cell, cell);
                if (cell >= 24) {
                    g.setColor(frac > 0.5 ? Color.WHITE : Color.DARK_GRAY);
                    g.drawString(Long.toString(m.count(t, p)), label + p * cell + 3, label + t * cell + cell / 2 + 4);
                }
            }
            g.setColor(Color.BLACK);
            g.drawString(shorten(classes.get(t)), 4, label + t * cell + cell / 2 + 4);
        }
        for (int p = 0; p < k; p++) {
            Graphics2D r = (Graphics2D) g.create();
            r.translate(label + p * cell + cell / 2 + 4, label - 6);
            r.rotate(-Math.PI / 2);
            r.setColor(Color.BLACK);
            r.drawString(shorten(classes.get(p)), 0, 0);
            r.dispose();
        }
        g.setColor(Color.BLACK);
        g.drawString("rows: truth, columns: prediction", 4, 14);
        g.dispose();
        return img;
    }

    private static String shorten(String s) {
        return s.length() > 20 ? s.substring(0, 19) + "…" : s;
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /**
     * Why nothing can be written into {@code dir} (created if missing), found by writing a probe file, which is
     * what counts (permissions, a read-only or full file system, a file where a directory should be); empty
     * when it can be written.
     */
    static Optional<String> unwritable(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.delete(AtomicFiles.temporarySibling(dir.resolve("repflow-probe")));
            return Optional.empty();
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return Optional.of("a file is in the way: " + e.getFile());
        } catch (IOException e) {
            String why = e.getMessage();
            if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
                why = f.getReason();
            }
            return Optional.of(why == null ? e.getClass().getSimpleName() : why);
        }
    }

    /** Whether {@code dir} is a run directory (a train wrote its record or checkpoints there). */
    static boolean isRunDirectory(Path dir) {
        return Files.exists(dir.resolve(RunRecord.FILE)) || Files.exists(dir.resolve(CheckpointStore.LATEST));
    }

    /**
     * Deletes the temporary files and checkpoint directories ({@link AtomicFiles#isTemporary}) a killed writer left
     * in {@code dir}; only for the owner of the directory ({@link RunLock}), when no write of its own is under way.
     */
    static void removeTemporaries(Path dir) throws IOException {
        List<Path> left;
        try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
            left = entries.filter(p -> AtomicFiles.isTemporary(p.getFileName().toString()))
                    .toList();
        }
        for (Path p : left) {
            try (java.util.stream.Stream<Path> walk = Files.walk(p)) {
                for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(q);
                }
            }
        }
    }

    static void writeAtomically(Path file, String text) throws IOException {
        AtomicFiles.writeString(file, text);
    }
}
