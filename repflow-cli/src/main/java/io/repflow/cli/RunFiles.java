package io.repflow.cli;

import io.repflow.models.eval.ConfusionMatrix;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

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

    static void writeAtomically(Path file, String text) throws IOException {
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
