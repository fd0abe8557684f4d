package io.repflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.spi.Device;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The kit's table: each row's seconds, and how the summary folds checks ending the same way into one line. */
class TckRunTest {

    private static final Pattern ROW = Pattern.compile("(\\S+) +(\\S+) +(\\d+) +(\\d+) +(\\d+) +([0-9]+[.,][0-9])");

    @Test
    void eachRowsSecondsAreTheElapsedTimeOfItsContract() {
        // the real clock, with every reading kept: a row's seconds must be the time between the two readings around
        // its contract, not a total so far, a constant or another row's
        List<Long> readings = Collections.synchronizedList(new ArrayList<>());
        LongSupplier clock = () -> {
            long t = System.nanoTime();
            readings.add(t);
            return t;
        };
        StringWriter text = new StringWriter();
        long start = System.nanoTime();
        int status = TckRun.run(
                "reference",
                true,
                List.of("FusionContract", "ModelParityContract", "ModelTrainingContract"),
                true,
                Device.CPU,
                1,
                clock,
                new PrintWriter(text));
        long end = System.nanoTime();
        assertEquals(0, status, text.toString());
        List<Matcher> rows = text.toString()
                .lines()
                .map(ROW::matcher)
                .filter(Matcher::matches)
                .toList();
        assertEquals(
                List.of("FusionContract", "ModelParityContract", "ModelTrainingContract"),
                rows.stream().map(m -> m.group(2)).toList(),
                text.toString());
        assertEquals(2 * rows.size(), readings.size(), "two clock readings per contract: " + readings);
        double sum = 0;
        for (int i = 0; i < rows.size(); i++) {
            long before = readings.get(2 * i);
            long after = readings.get(2 * i + 1);
            assertTrue(start <= before && before <= after && after <= end, "readings in order: " + readings);
            assertTrue(i == 0 || readings.get(2 * i - 1) <= before, "contracts one after another: " + readings);
            assertEquals(
                    String.format(Locale.ROOT, "%.1f", (after - before) / 1e9),
                    rows.get(i).group(6).replace(',', '.'),
                    rows.get(i).group());
            sum += (after - before) / 1e9;
        }
        // the reference's training contract computes for a while: its row is not 0.0
        assertTrue(Double.parseDouble(rows.get(2).group(6).replace(',', '.')) > 0, text.toString());
        assertTrue(sum <= (end - start) / 1e9, sum + " s of rows within the run's " + (end - start) / 1e9 + " s");
    }

    @Test
    void checksEndingTheSameWayAreOneLinePerBackendAndMessage() {
        Map<String, TckRun.Outcome> outcomes = new LinkedHashMap<>();
        String load = "backend 'djl' could not load its engine: PyTorch did not load";
        TckRun.Outcome.add(outcomes, "djl", load, "FlowForwardContract CENTRAL");
        TckRun.Outcome.add(outcomes, "djl", load, "FlowForwardContract SOBEL");
        TckRun.Outcome.add(outcomes, "djl", load, "FusionContract [1] NONE");
        TckRun.Outcome.add(outcomes, "tf", load, "FlowForwardContract CENTRAL");
        TckRun.Outcome.add(outcomes, "djl", "off by 0.5", "FlowGradientContract iterations 5 CENTRAL");
        assertEquals(
                List.of(
                        "djl: 3 checks failed (the first: FlowForwardContract CENTRAL): " + load,
                        "tf FlowForwardContract CENTRAL: " + load,
                        "djl FlowGradientContract iterations 5 CENTRAL: off by 0.5"),
                outcomes.values().stream().map(o -> o.line("failed")).toList());
    }
}
