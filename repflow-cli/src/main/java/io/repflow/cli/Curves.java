package io.repflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.repflow.api.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code curves.png}: training and held-out loss (top) and accuracy (bottom) per epoch, from the epoch
 * lines of {@code metrics.jsonl} (so a resumed run's picture holds its earlier epochs too), drawn with
 * JFreeChart.
 */
final class Curves {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Curves() {}

    static void write(Path metrics, Path png) throws IOException {
        // the last line of an epoch wins (a resumed run repeats the epoch it was stopped in)
        TreeMap<Integer, JsonNode> epochs = new TreeMap<>();
        for (String line : Files.readAllLines(metrics)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = JSON.readTree(line);
            if ("epoch".equals(n.path("kind").asText())) {
                epochs.put(n.get("epoch").asInt(), n);
            }
        }
        XYPlot loss =
                plot("loss", epochs, List.of("trainLoss", "valLoss"), List.of("training loss", "held-out loss"), false);
        XYPlot accuracy = plot(
                "accuracy",
                epochs,
                List.of("trainAccuracy", "valTop1"),
                List.of("training accuracy", "held-out top-1"),
                true);
        NumberAxis epochAxis = new NumberAxis("epoch");
        epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        CombinedDomainXYPlot both = new CombinedDomainXYPlot(epochAxis);
        both.add(loss, 1);
        both.add(accuracy, 1);
        JFreeChart chart = new JFreeChart("training curves", JFreeChart.DEFAULT_TITLE_FONT, both, true);
        chart.setBackgroundPaint(Color.WHITE);
        AtomicFiles.writeVia(png, tmp -> ChartUtils.saveChartAsPNG(tmp.toFile(), chart, 800, 600));
    }

    private static XYPlot plot(
            String axis, TreeMap<Integer, JsonNode> epochs, List<String> keys, List<String> names, boolean unit) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (int i = 0; i < keys.size(); i++) {
            XYSeries s = new XYSeries(names.get(i));
            for (var e : epochs.entrySet()) {
                JsonNode v = e.getValue().get(keys.get(i));
                if (v != null && v.isNumber() && Double.isFinite(v.asDouble())) {
                    s.add(e.getKey().doubleValue(), v.asDouble());
                }
            }
            if (!s.isEmpty()) {
                data.addSeries(s);
            }
        }
        NumberAxis y = new NumberAxis(axis);
        if (unit) {
            y.setRange(0, 1);
        } else {
            y.setAutoRangeIncludesZero(true);
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        r.setSeriesPaint(0, new Color(0x1f77b4));
        r.setSeriesPaint(1, new Color(0xd62728));
        XYPlot p = new XYPlot(data, null, y, r);
        p.setBackgroundPaint(Color.WHITE);
        p.setRangeGridlinePaint(Color.LIGHT_GRAY);
        p.setDomainGridlinePaint(Color.LIGHT_GRAY);
        return p;
    }
}
