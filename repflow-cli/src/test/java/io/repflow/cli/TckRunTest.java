package io.repflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the kit's summary folds checks of one backend that ended with the same message into one line. */
class TckRunTest {

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
