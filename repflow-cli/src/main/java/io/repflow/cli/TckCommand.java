package io.repflow.cli;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.repflow.spi.BackendProvider;
import io.repflow.spi.Backends;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code repflow tck}: the conformance contracts on every installed backend (or one), through the
 * JUnit Platform launcher, as a table of passed / failed / skipped checks per contract. With
 * {@code --container IMAGE} the same run happens inside a container (for GPU hosts).
 */
@Command(
        name = "tck",
        mixinStandardHelpOptions = true,
        description =
                "Run the conformance contracts (TCK) on the installed backends and print a table; exit 1 when a check fails.")
final class TckCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--backend", paramLabel = "ID", description = "Only this backend (default: every installed one).")
    String backend;

    @Option(names = "--quick", description = "Leave out the training-convergence contract (minutes per backend).")
    boolean quick;

    @Option(
            names = "--show-failures",
            defaultValue = "true",
            negatable = true,
            description = "Print each failed check's message (default: on).")
    boolean showFailures;

    @Option(
            names = "--container",
            paramLabel = "IMAGE",
            description =
                    "Run inside a container of IMAGE through Testcontainers (needs a Docker engine; for GPU hosts).")
    String container;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (container != null) {
            return ContainerTck.run(
                    container, backend, quick, out, spec.commandLine().getErr());
        }
        Backends backends = Backends.load();
        List<String> ids = new ArrayList<>();
        if (backend != null) {
            ids.add(backends.select(backend).id());
        } else {
            backends.providers().stream().map(BackendProvider::id).forEach(ids::add);
        }
        Launcher launcher = LauncherFactory.create();
        out.printf("%-10s %-30s %6s %6s %7s %8s%n", "backend", "contract", "passed", "failed", "skipped", "seconds");
        int failed = 0;
        List<String> failures = new ArrayList<>();
        for (String id : ids) {
            for (Class<?> contract : TckBindings.contracts()) {
                if (quick && contract == TckBindings.Convergence.class) {
                    continue;
                }
                Tally tally = new Tally();
                LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                        .selectors(selectClass(contract))
                        .configurationParameter(TckBindings.BACKEND_PARAMETER, id)
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
