package io.repflow.tck.selftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.repflow.tck.ModelParityContract;
import io.repflow.tck.ModelTrainingContract;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The model contracts test themselves: the reference compiler passes them without a skip, the
 * reference without MODEL_COMPILER skips them with the reason, and each broken compiler fails the
 * check that covers its defect.
 */
class ModelContractSelfTest {

    static class RefParity extends ModelParityContract {
        RefParity() {
            super("reference");
        }
    }

    static class RefTraining extends ModelTrainingContract {
        RefTraining() {
            super("reference");
        }
    }

    static class PlainParity extends ModelParityContract {
        PlainParity() {
            super("reference-no-models");
        }
    }

    static class NoMomentumTraining extends ModelTrainingContract {
        NoMomentumTraining() {
            super("broken-no-momentum");
        }
    }

    static class FlowRateTraining extends ModelTrainingContract {
        FlowRateTraining() {
            super("broken-flow-full-rate");
        }
    }

    static class EvalStatsParity extends ModelParityContract {
        EvalStatsParity() {
            super("broken-eval-batch-statistics");
        }
    }

    private static Events run(Class<?> contract) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(contract))
                .execute()
                .testEvents();
    }

    private static String messages(Events e) {
        return e.failed().stream()
                .map(ev -> ev.getTestDescriptor().getDisplayName() + ": "
                        + ev.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                                .flatMap(r -> r.getThrowable())
                                .map(Throwable::getMessage)
                                .orElse(""))
                .collect(Collectors.joining("\n"));
    }

    @Test
    void referenceCompilerPassesWithoutSkipping() {
        for (Class<?> c : new Class<?>[] {RefParity.class, RefTraining.class}) {
            Events e = run(c);
            assertTrue(
                    e.started().count() >= 10,
                    c.getSimpleName() + " ran " + e.started().count() + " checks");
            assertEquals(0, e.failed().count(), c.getSimpleName() + " failed:\n" + messages(e));
            assertEquals(0, e.skipped().count() + e.aborted().count(), c.getSimpleName() + " skipped checks");
        }
    }

    @Test
    void withoutModelCompilerTheContractSkipsWithTheReason() {
        Events e = run(PlainParity.class);
        assertEquals(0, e.failed().count(), messages(e));
        assertTrue(e.aborted().count() > 0);
        e.aborted().stream()
                .forEach(ev -> assertTrue(ev.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                        .flatMap(r -> r.getThrowable())
                        .map(Throwable::getMessage)
                        .orElse("")
                        .contains("does not declare MODEL_COMPILER")));
    }

    @Test
    void brokenCompilersFail() {
        Events momentum = run(NoMomentumTraining.class);
        assertTrue(
                momentum.failed().stream()
                        .anyMatch(ev -> ev.getTestDescriptor()
                                .getUniqueId()
                                .toString()
                                .contains("trainStepAppliesTheDocumentedSgdUpdate")),
                "ignoring momentum must fail the SGD update check:\n" + messages(momentum));
        Events flow = run(FlowRateTraining.class);
        assertTrue(
                flow.failed().stream().anyMatch(ev -> messages(flow).contains("group FLOW")),
                "training flow parameters at the full rate must fail on a FLOW-group parameter:\n" + messages(flow));
        Events eval = run(EvalStatsParity.class);
        assertTrue(
                eval.failed().stream()
                        .anyMatch(ev -> ev.getTestDescriptor()
                                .getUniqueId()
                                .toString()
                                .contains("evalLogitsMatchTheReference")),
                "batch statistics in EVAL must fail the EVAL parity check:\n" + messages(eval));
    }
}
