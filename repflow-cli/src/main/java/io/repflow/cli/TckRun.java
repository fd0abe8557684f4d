package io.repflow.cli;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.repflow.spi.BackendProvider;
import io.repflow.spi.Backends;
import io.repflow.spi.Device;
import io.repflow.tck.BackendContract;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** The contracts run in this JVM through the JUnit Platform launcher, one table row per backend and contract. */
final class TckRun {

    private TckRun() {}

    /**
     * Runs the contracts in this JVM on {@code device} and prints the table; 0 when every check passed.
     *
     * @param quick leave out the checks tagged {@link BackendContract#FULL_SIZE} (and so the convergence contract)
     * @param only the contracts to run by name, or null for all
     * @param device the device every contract opens its backend on ({@link BackendContract#DEVICE_PARAMETER})
     */
    static int run(
            String backend, boolean quick, List<String> only, boolean showFailures, Device device, PrintWriter out) {
        Backends backends = Backends.load();
        List<String> ids = new ArrayList<>();
        if (backend != null) {
            ids.add(backends.select(backend).id());
        } else {
            backends.providers().stream().map(BackendProvider::id).forEach(ids::add);
        }
        List<Class<?>> contracts = new ArrayList<>();
        for (Class<?> c : TckBindings.contracts()) {
            if ((only == null || only.contains(c.getSuperclass().getSimpleName()))
                    && !(quick && c == TckBindings.Convergence.class)) {
                contracts.add(c);
            }
        }
        if (only != null) {
            List<String> names = TckBindings.contracts().stream()
                    .map(c -> c.getSuperclass().getSimpleName())
                    .toList();
            for (String o : only) {
                if (!names.contains(o)) {
                    throw new UsageException("--contract " + o + " is not a contract of the kit; they are " + names);
                }
            }
        }
        Launcher launcher = LauncherFactory.create();
        out.println("device " + device);
        out.printf("%-10s %-30s %6s %6s %7s %8s%n", "backend", "contract", "passed", "failed", "skipped", "seconds");
        int failed = 0;
        List<String> failures = new ArrayList<>();
        for (String id : ids) {
            for (Class<?> contract : contracts) {
                if (StopSignals.received().isPresent()) {
                    break;
                }
                Tally tally = new Tally();
                LauncherDiscoveryRequestBuilder builder = LauncherDiscoveryRequestBuilder.request();
                if (quick) {
                    builder.filters(TagFilter.excludeTags(BackendContract.FULL_SIZE));
                }
                LauncherDiscoveryRequest request = builder.selectors(selectClass(contract))
                        .configurationParameter(TckBindings.BACKEND_PARAMETER, id)
                        .configurationParameter(BackendContract.DEVICE_PARAMETER, device.toString())
                        .build();
                long t0 = System.nanoTime();
                launcher.execute(request, tally);
                String name = contract.getSuperclass().getSimpleName();
                out.printf(
                        "%-10s %-30s %6d %6d %7d %8.1f%n",
                        id, name, tally.passed, tally.failed, tally.skipped, (System.nanoTime() - t0) / 1e9);
                out.flush();
                failed += tally.failed;
                tally.messages.forEach(m -> failures.add(id + " " + name + ": " + m));
            }
        }
        Optional<String> signal = StopSignals.received();
        if (signal.isPresent()) {
            out.println("repflow tck: interrupted by SIG" + signal.get()
                    + "; the kit stopped between checks, so the table above is partial");
            out.flush();
            return StopSignals.status(signal.get());
        }
        if (showFailures && !failures.isEmpty()) {
            out.println();
            failures.forEach(out::println);
        }
        out.println(failed == 0 ? "all required checks passed" : failed + " check(s) failed");
        return failed == 0 ? 0 : ErrorReporter.FAILED;
    }

    /** Counts finished checks (leaves of the test tree) by outcome. */
    private static final class Tally implements TestExecutionListener {
        int passed;
        int failed;
        int skipped;
        final List<String> messages = new ArrayList<>();

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            if (id.isTest()) {
                skipped++;
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (!id.isTest()) {
                if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                    failed++;
                    messages.add(id.getDisplayName() + ": "
                            + result.getThrowable().map(Throwable::getMessage).orElse("failed"));
                }
                return;
            }
            switch (result.getStatus()) {
                case SUCCESSFUL -> passed++;
                case ABORTED -> skipped++;
                case FAILED -> {
                    failed++;
                    messages.add(id.getDisplayName() + ": "
                            + result.getThrowable()
                                    .map(t -> String.valueOf(t.getMessage()))
                                    .orElse("failed"));
                }
            }
        }
    }
}
