package io.repflow.tck.selftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.repflow.tck.BackendContract;
import io.repflow.tck.BackendDiscoveryContract;
import io.repflow.tck.FlowBlockContract;
import io.repflow.tck.FlowConvFlowContract;
import io.repflow.tck.FlowForwardContract;
import io.repflow.tck.FlowGradientContract;
import io.repflow.tck.FusionContract;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * The TCK tests itself: the reference passes every contract without a skip; without GRADIENTS the
 * gradient checks skip with a reason while the rest pass; and each deliberately broken backend
 * fails the contract that covers its defect. The contract subclasses below are static nested
 * classes, so Surefire does not run them on their own (they are run here through EngineTestKit).
 */
class TckSelfTest {

    static class RefDiscovery extends BackendDiscoveryContract {
        RefDiscovery() {
            super("reference");
        }
    }

    static class RefForward extends FlowForwardContract {
        RefForward() {
            super("reference");
        }
    }

    static class RefGradient extends FlowGradientContract {
        RefGradient() {
            super("reference");
        }
    }

    static class RefFusion extends FusionContract {
        RefFusion() {
            super("reference");
        }
    }

    static class RefBlock extends FlowBlockContract {
        RefBlock() {
            super("reference");
        }
    }

    static class RefFcf extends FlowConvFlowContract {
        RefFcf() {
            super("reference");
        }
    }

    static class NoGradForward extends FlowForwardContract {
        NoGradForward() {
            super("reference-no-gradients");
        }
    }

    static class NoGradGradient extends FlowGradientContract {
        NoGradGradient() {
            super("reference-no-gradients");
        }
    }

    static class NoGradBlock extends FlowBlockContract {
        NoGradBlock() {
            super("reference-no-gradients");
        }
    }

    static class SignGradient extends FlowGradientContract {
        SignGradient() {
            super("broken-gradient-sign");
        }
    }

    static class BorderForward extends FlowForwardContract {
        BorderForward() {
            super("broken-border-from-f1");
        }
    }

    static class BorderBlock extends FlowBlockContract {
        BorderBlock() {
            super("broken-border-from-f1");
        }
    }

    static class TauForward extends FlowForwardContract {
        TauForward() {
            super("broken-tau-ignored");
        }
    }

    static class TauGradient extends FlowGradientContract {
        TauGradient() {
            super("broken-tau-ignored");
        }
    }

    static class LastFramesFusion extends FusionContract {
        LastFramesFusion() {
            super("broken-fusion-last-frames");
        }
    }

    static class StatisticsBlock extends FlowBlockContract {
        StatisticsBlock() {
            super("broken-statistics-in-backward");
        }
    }

    static class ThreadsFusion extends FusionContract {
        ThreadsFusion() {
            super("reference-threads-seen");
        }
    }

    @Test
    void theKitsThreadsReachEveryBackendItOpens() {
        SelfTestBackends.ThreadsSeen.SEEN.clear();
        Events set = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(BackendContract.THREADS_PARAMETER, "3")
                .selectors(selectClass(ThreadsFusion.class))
                .execute()
                .testEvents();
        assertEquals(0, set.failed().count(), messages(set.failed()));
        assertTrue(set.succeeded().count() > 0, "the fusion contract ran no checks");
        List<Integer> seen = List.copyOf(SelfTestBackends.ThreadsSeen.SEEN);
        assertTrue(!seen.isEmpty() && seen.stream().allMatch(t -> t == 3), "opened with the kit's threads: " + seen);

        SelfTestBackends.ThreadsSeen.SEEN.clear();
        Events unset = run(ThreadsFusion.class);
        assertEquals(0, unset.failed().count(), messages(unset.failed()));
        List<Integer> defaults = List.copyOf(SelfTestBackends.ThreadsSeen.SEEN);
        assertTrue(
                !defaults.isEmpty() && defaults.stream().allMatch(t -> t == 0),
                "without the parameter, the engine's default: " + defaults);
    }

    private static Events run(Class<?> contract) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(contract))
                .execute()
                .testEvents();
    }

    private static Events runOn(String device, Class<?> contract) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(BackendContract.DEVICE_PARAMETER, device)
                .selectors(selectClass(contract))
                .execute()
                .testEvents();
    }

    private static List<String> abortReasons(Events e) {
        return e.aborted().stream()
                .map(ev -> ev.getPayload(TestExecutionResult.class)
                        .flatMap(TestExecutionResult::getThrowable)
                        .map(Throwable::getMessage)
                        .orElse(""))
                .collect(Collectors.toList());
    }

    @Test
    void referencePassesEveryContractWithoutSkipping() {
        for (Class<?> c : List.of(
                RefDiscovery.class,
                RefForward.class,
                RefGradient.class,
                RefFusion.class,
                RefBlock.class,
                RefFcf.class)) {
            Events e = run(c);
            assertTrue(e.started().count() > 0, c.getSimpleName() + " ran no checks");
            assertEquals(0, e.failed().count(), c.getSimpleName() + " failed: " + messages(e.failed()));
            // the one check that needs a GPU the reference does not have skips, and says why
            long gpuOnly = c == RefDiscovery.class ? 1 : 0;
            assertEquals(gpuOnly, e.skipped().count() + e.aborted().count(), c.getSimpleName() + " skipped checks");
            abortReasons(e).forEach(m -> assertTrue(m.contains("'reference'") && m.contains("sees no GPU"), m));
        }
    }

    @Test
    void onAGpuDeviceABackendWithoutGpuSkipsWithTheReasonWhileDeviceChecksRun() {
        Events forward = runOn("gpu:0", RefForward.class);
        assertEquals(0, forward.failed().count(), messages(forward.failed()));
        assertTrue(forward.started().count() > 0, "the forward contract ran no checks on gpu:0");
        assertEquals(forward.started().count(), forward.aborted().count(), "every forward check needs the device");
        abortReasons(forward)
                .forEach(m -> assertTrue(
                        m.contains("'reference'")
                                && m.contains("does not declare GPU")
                                && m.contains("available: cpu")
                                && m.contains("gpu:0"),
                        m));

        Events discovery = runOn("gpu:0", RefDiscovery.class);
        assertEquals(0, discovery.failed().count(), messages(discovery.failed()));
        assertTrue(
                discovery.succeeded().count() > 0,
                "discovery and the device refusal do not need the device, so they still run on gpu:0");
    }

    @Test
    void undeclaredGradientsSkipWithReasonWhileRequiredChecksStillRun() {
        Events gradient = run(NoGradGradient.class);
        assertEquals(0, gradient.failed().count(), messages(gradient.failed()));
        assertTrue(gradient.aborted().count() > 0, "gradient checks must be skipped (aborted by an assumption)");
        gradient.aborted().stream()
                .forEach(ev -> assertTrue(
                        reason(ev).contains("does not declare GRADIENTS"),
                        "skip reason must name the capability: " + reason(ev)));

        Events forward = run(NoGradForward.class);
        assertEquals(
                0,
                forward.failed().count()
                        + forward.aborted().count()
                        + forward.skipped().count(),
                "forward checks are required: " + messages(forward.failed()));
        Events block = run(NoGradBlock.class);
        assertEquals(0, block.failed().count(), messages(block.failed()));
        assertTrue(
                block.succeeded().stream()
                        .anyMatch(ev -> ev.getTestDescriptor().getDisplayName().contains("ADD")),
                "block forward checks must run without GRADIENTS");
    }

    @Test
    void flippedGradientSignIsCaught() {
        assertCaught(run(SignGradient.class), "gradientsMatchReference", "dL/dF1");
    }

    @Test
    void borderGradientFromF1IsCaught() {
        assertCaught(run(BorderForward.class), "matchesReference", "u ");
        assertCaught(run(BorderBlock.class), "forwardMatchesReference", "output");
    }

    @Test
    void ignoredTauIsCaught() {
        assertCaught(run(TauForward.class), "matchesReferenceWithNonDefaultScalarsFromConfig", "u ");
        assertCaught(run(TauGradient.class), "gradientsMatchReference", "dL/d");
    }

    @Test
    void fusionWithTheWrongFramesIsCaught() {
        assertCaught(run(LastFramesFusion.class), "forwardMatchesReference", "output");
    }

    @Test
    void runningStatisticsChangedByBackwardAreCaught() {
        assertCaught(run(StatisticsBlock.class), "backwardLeavesRunningStatisticsAlone", "changed by a backward pass");
    }

    /** At least one check whose name contains {@code check} failed with a message containing {@code message}. */
    private static void assertCaught(Events events, String check, String message) {
        List<String> failures = events.failed().stream()
                .filter(ev -> ev.getTestDescriptor().getUniqueId().toString().contains(check))
                .map(TckSelfTest::reason)
                .toList();
        assertTrue(
                failures.stream().anyMatch(m -> m.contains(message)),
                "expected a failure of " + check + " mentioning '" + message + "'; failures were: "
                        + messages(events.failed()));
    }

    private static String reason(Event ev) {
        return ev.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                .map(t -> t.getClass().getSimpleName() + ": " + t.getMessage() + " at "
                        + java.util.Arrays.toString(java.util.Arrays.copyOf(t.getStackTrace(), 4)))
                .orElse("");
    }

    private static String messages(Events events) {
        return events.stream()
                .map(ev -> ev.getTestDescriptor().getDisplayName() + ": " + reason(ev))
                .collect(Collectors.joining("\n"));
    }
}
