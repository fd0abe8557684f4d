package io.repflow.bench.report;

import io.repflow.bench.BenchReport;
import io.repflow.bench.LayerOperation;
import io.repflow.bench.LayerPoint;
import io.repflow.bench.LayerTiming;
import io.repflow.bench.PaperModel;
import io.repflow.bench.VideoShape;
import io.repflow.bench.VideoTiming;
import io.repflow.models.arch.ResNetDepth;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's PNG charts, drawn with JFreeChart: time against iterations and against pixels per
 * backend (log-log, so linear growth is a line of slope 1; forward solid, forward+backward dashed, the
 * PyTorch baseline in black), and per video a stacked bar chart of rep-flow networks against the
 * two-stream pipeline (TV-L1 + RGB network + flow network).
 */
public final class Charts {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4),
        new Color(0xd62728),
        new Color(0x2ca02c),
        new Color(0x9467bd),
        new Color(0xff7f0e),
        new Color(0x8c564b),
        new Color(0xe377c2)
    };

    private Charts() {}

    /** Writes every chart the report has data for into {@code dir}; returns their file names in report order. */
    public static List<String> write(BenchReport report, Path dir) throws IOException {
        // charts of an earlier run (other videos, other sweeps) must not stay beside this report
        try (Stream<Path> old = Files.list(dir)) {
            for (Path f : old.filter(Charts::isChart).toList()) {
                Files.delete(f);
            }
        }
        List<String> names = new ArrayList<>();
        LayerPoint base = report.plan().base();
        List<LayerPoint> byIterations =
                report.plan().iterations().stream().map(base::withIterations).toList();
        if (byIterations.size() > 1
                && save(
                        sweep(
                                report,
                                "Flow layer: time against iterations (" + describe(base, "iterations") + ")",
                                "iterations",
                                byIterations,
                                LayerPoint::iterations),
                        dir,
                        "layer-iterations.png")) {
            names.add("layer-iterations.png");
        }
        List<LayerPoint> bySize =
                report.plan().sizes().stream().map(base::withSize).toList();
        if (bySize.size() > 1
                && save(
                        sweep(
                                report,
                                "Flow layer: time against pixels (" + describe(base, "size") + ")",
                                "pixels per feature map (H × W)",
                                bySize,
                                LayerPoint::pixels),
                        dir,
                        "layer-size.png")) {
            names.add("layer-size.png");
        }
        for (VideoShape v : report.plan().videos()) {
            String name = "two-stream-" + v.key() + ".png";
            if (save(twoStream(report, v), dir, name)) {
                names.add(name);
            }
        }
        return names;
    }

    private static boolean isChart(Path f) {
        String name = f.getFileName().toString();
        return name.endsWith(".png") && (name.startsWith("layer-") || name.startsWith("two-stream-"));
    }

    private static String describe(LayerPoint base, String varying) {
        List<String> fixed = new ArrayList<>();
        if (!varying.equals("iterations")) {
            fixed.add(base.iterations() + " iterations");
        }
        fixed.add("C' = " + base.channels());
        if (!varying.equals("size")) {
            fixed.add(base.size() + "²");
        }
        fixed.add("N = " + base.batch());
        return String.join(", ", fixed);
    }

    private static JFreeChart sweep(
            BenchReport report, String title, String xLabel, List<LayerPoint> points, ToDoubleFunction<LayerPoint> x) {
        XYSeriesCollection data = new XYSeriesCollection();
        List<String> series = new ArrayList<>(report.backends());
        series.add(LayerTiming.PYTORCH);
        for (String backend : series) {
            for (LayerOperation op : LayerOperation.values()) {
                XYSeries s = new XYSeries(label(backend) + " " + op.label());
                for (LayerPoint p : points) {
                    OptionalDouble ms = report.layerMs(backend, op, p);
                    if (ms.isPresent() && ms.getAsDouble() > 0) {
                        s.add(x.applyAsDouble(p), ms.getAsDouble());
                    }
                }
                if (s.getItemCount() > 0) {
                    data.addSeries(s);
                }
            }
        }
        if (data.getSeriesCount() == 0) {
            return null;
        }
        JFreeChart chart = ChartFactory.createXYLineChart(
                title, xLabel, "ms per call (log)", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setDomainAxis(logAxis(xLabel + " (log scale)"));
        plot.setRangeAxis(logAxis("ms per call (log scale)"));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            String key = String.valueOf(data.getSeriesKey(i));
            boolean baseline = key.startsWith(label(LayerTiming.PYTORCH));
            int backendIndex = backendIndex(series, key);
            renderer.setSeriesPaint(i, baseline ? Color.BLACK : PALETTE[backendIndex % PALETTE.length]);
            boolean dashed = key.endsWith(LayerOperation.FORWARD_BACKWARD.label());
            renderer.setSeriesStroke(
                    i,
                    dashed
                            ? new BasicStroke(
                                    2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f)
                            : new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        style(chart);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return chart;
    }

    /** A log axis labelled with plain numbers (1, 2, 5, 10 ...) rather than powers of ten. */
    private static LogarithmicAxis logAxis(String label) {
        LogarithmicAxis axis = new LogarithmicAxis(label);
        axis.setStrictValuesFlag(false);
        axis.setAllowNegativesFlag(false);
        axis.setAutoRangeNextLogFlag(false);
        axis.setExpTickLabelsFlag(false);
        axis.setLog10TickLabelsFlag(false);
        return axis;
    }

    private static int backendIndex(List<String> series, String key) {
        for (int i = 0; i < series.size(); i++) {
            if (key.startsWith(label(series.get(i)) + " ")) {
                return i;
            }
        }
        return 0;
    }

    private static JFreeChart twoStream(BenchReport report, VideoShape v) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        String network = "network (rep-flow / FcF)";
        String tvl1 = "OpenCV TV-L1, all " + v.pairs() + " frame pairs";
        String rgb = "RGB stream network";
        String flow = "flow stream network";
        OptionalDouble tvl1Ms = report.videoMs(VideoTiming.OPENCV, VideoTiming.TVL1, v);
        for (String backend : report.backends()) {
            for (ResNetDepth depth : List.of(ResNetDepth.R34, ResNetDepth.R50)) {
                for (PaperModel m : PaperModel.values()) {
                    if (m.role() == PaperModel.Role.REP_FLOW && m.depth() == depth) {
                        OptionalDouble ms = report.videoMs(backend, m.id(), v);
                        if (ms.isPresent()) {
                            data.addValue(ms.getAsDouble() / 1000, network, backend + " · " + m.label());
                        }
                    }
                }
                OptionalDouble rgbMs =
                        report.videoMs(backend, PaperModel.rgbStream(depth).id(), v);
                OptionalDouble flowMs =
                        report.videoMs(backend, PaperModel.flowStream(depth).id(), v);
                if (tvl1Ms.isPresent() && rgbMs.isPresent() && flowMs.isPresent()) {
                    String bar = backend + " · two-stream ResNet-" + depth.layers();
                    data.addValue(tvl1Ms.getAsDouble() / 1000, tvl1, bar);
                    data.addValue(rgbMs.getAsDouble() / 1000, rgb, bar);
                    data.addValue(flowMs.getAsDouble() / 1000, flow, bar);
                }
            }
        }
        if (data.getColumnCount() == 0) {
            return null;
        }
        JFreeChart chart = ChartFactory.createStackedBarChart(
                "Per-video inference, " + v.label() + ": rep-flow against two-stream",
                null,
                "seconds per video",
                data,
                PlotOrientation.HORIZONTAL,
                true,
                false,
                false);
        CategoryPlot plot = chart.getCategoryPlot();
        StackedBarRenderer renderer = (StackedBarRenderer) plot.getRenderer();
        renderer.setShadowVisible(false);
        renderer.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        for (int i = 0; i < data.getRowCount(); i++) {
            String key = String.valueOf(data.getRowKey(i));
            Color c = key.equals(network)
                    ? PALETTE[2]
                    : key.equals(tvl1) ? PALETTE[1] : key.equals(rgb) ? PALETTE[0] : PALETTE[4];
            renderer.setSeriesPaint(i, c);
        }
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        style(chart);
        return chart;
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
    }

    private static String label(String backend) {
        return LayerTiming.PYTORCH.equals(backend) ? "PyTorch eager" : backend;
    }

    /** PNG through a temporary file and a rename; false when there was nothing to draw. */
    private static boolean save(JFreeChart chart, Path dir, String name) throws IOException {
        if (chart == null) {
            return false;
        }
        AtomicWrite.write(dir.resolve(name), tmp -> ChartUtils.saveChartAsPNG(tmp.toFile(), chart, WIDTH, HEIGHT));
        return true;
    }
}
