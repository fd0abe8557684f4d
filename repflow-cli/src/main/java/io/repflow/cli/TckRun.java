package io.repflow.cli;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.repflow.spi.BackendProvider;
import io.repflow.spi.Backends;
import io.repflow.spi.Device;
import io.repflow.tck.BackendContract;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
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
     * Runs the contracts in this JVM on {@code device} and prints the table, then why checks were skipped (one line
     * per backend and reason) and the failures (one line per backend and message, however many checks it failed);
     * 0 when every check that ran passed, {@link ErrorReporter#USAGE} when none ran, {@link ErrorReporter#FAILED}
     * when one failed.
     *
     * @param quick leave out the checks tagged {@link BackendContract#FULL_SIZE} (and so the convergence contract)
     * @param only the contracts to run by name, or null for all
     * @param device the device every contract opens its backend on ({@link BackendContract#DEVICE_PARAMETER})
     * @param jobs how many backends run their contracts at once (each on a thread of its own)
     * @param clock nanoseconds, read before and after each contract for its row's seconds ({@code System::nanoTime})
     */
    static int run(
            String backend,
            boolean quick,
            List<String> only,
            boolean showFailures,
            Device device,
            int jobs,
            LongSupplier clock,
            PrintWriter out) {
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
        out.println("device " + device);
        out.printf("%-10s %-30s %6s %6s %7s %8s%n", "backend", "contract", "passed", "failed", "skipped", "seconds");
        out.flush();
        Row[][] rows = new Row[ids.size()][contracts.size()];
        TckSchedule schedule = new TckSchedule(ids.size(), contracts.size());
        int workers = Math.max(1, Math.min(jobs, ids.size()));
        // backends running at once share the cores: with its default an engine starts a thread per core, and two of
        // them on the same cores lose most of their time waiting (djl's convergence contract: 10.9 s alone, 330 s
        // with its two threads beside a build holding one core)
        int threads = workers == 1 ? 0 : Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> new Thread(r, "repflow-tck"));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                running.add(pool.submit(() -> {
                    Launcher launcher = LauncherFactory.create();
                    Optional<TckSchedule.Unit> unit;
                    while (StopSignals.received().isEmpty() && (unit = schedule.take()).isPresent()) {
                        TckSchedule.Unit u = unit.get();
                        try {
                            Row row = runOne(
                                    launcher,
                                    ids.get(u.backend()),
                                    contracts.get(u.contract()),
                                    quick,
                                    device,
                                    threads,
                                    clock);
                            rows[u.backend()][u.contract()] = row;
                            synchronized (out) {
                                out.printf(
                                        "%-10s %-30s %6d %6d %7d %8.1f%n",
                                        row.backend,
                                        row.contract,
                                        row.tally.passed,
                                        row.tally.failed,
                                        row.tally.skipped,
                                        row.seconds);
                                out.flush();
                            }
                        } finally {
                            schedule.done(u);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("repflow tck was interrupted while its contracts ran", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        Map<String, Outcome> skips = new LinkedHashMap<>();
        Map<String, Outcome> failures = new LinkedHashMap<>();
        // the summary in the table's order, whichever run ended first
        for (Row[] backendRows : rows) {
            for (Row row : backendRows) {
                if (row == null) {
                    continue; // not run: stopped by a signal
                }
                passed += row.tally.passed;
                skipped += row.tally.skipped;
                failed += row.tally.failed;
                row.tally.skipReasons.forEach(
                        e -> Outcome.add(skips, row.backend, e.getKey(), row.contract + " " + e.getValue()));
                row.tally.failures.forEach(
                        e -> Outcome.add(failures, row.backend, e.getKey(), row.contract + " " + e.getValue()));
            }
        }
        Optional<String> signal = StopSignals.received();
        if (signal.isPresent()) {
            out.println("repflow tck: interrupted by SIG" + signal.get()
                    + "; the kit stopped between checks, so the table above is partial");
            out.flush();
            return StopSignals.status(signal.get());
        }
        if (!skips.isEmpty()) {
            out.println();
            skips.values().forEach(o -> out.println(o.line("skipped")));
        }
        if (showFailures && !failures.isEmpty()) {
            out.println();
            failures.values().forEach(o -> out.println(o.line("failed")));
        }
        if (failed > 0) {
            out.println(failed + " check(s) failed");
            return ErrorReporter.FAILED;
        }
        if (passed == 0) {
            out.println("no check ran on " + device + ": every one was skipped (reasons above)");
            return ErrorReporter.USAGE;
        }
        // on a GPU a backend that cannot use it skips every check needing the device: the line says so
        out.println(
                device.kind() == Device.Kind.CPU
                        ? "all required checks passed"
                        : "every check that ran on " + device + " passed; " + skipped + " skipped (reasons above)");
        return 0;
    }

    /** One contract on one backend: what its checks did and how long they took. */
    private record Row(String backend, String contract, Tally tally, double seconds) {}

    private static Row runOne(
            Launcher launcher,
            String id,
            Class<?> contract,
            boolean quick,
            Device device,
            int threads,
            LongSupplier clock) {
        Tally tally = new Tally();
        LauncherDiscoveryRequestBuilder builder = LauncherDiscoveryRequestBuilder.request();
        if (quick) {
            builder.filters(TagFilter.excludeTags(BackendContract.FULL_SIZE));
        }
        builder.selectors(selectClass(contract))
                .configurationParameter(TckBindings.BACKEND_PARAMETER, id)
                .configurationParameter(BackendContract.DEVICE_PARAMETER, device.toString());
        if (threads > 0) {
            // otherwise -Drepflow.tck.threads still applies (JUnit reads system properties after the request)
            builder.configurationParameter(BackendContract.THREADS_PARAMETER, Integer.toString(threads));
        }
        LauncherDiscoveryRequest request = builder.build();
        long t0 = clock.getAsLong();
        launcher.execute(request, tally);
        double seconds = (clock.getAsLong() - t0) / 1e9;
        return new Row(id, contract.getSuperclass().getSimpleName(), tally, seconds);
    }

    /** How many checks of one backend ended with the same message, and the first of them. */
    static final class Outcome {
        final String backend;
        final String message;
        final String first;
        int count;

        private Outcome(String backend, String message, String first) {
            this.backend = backend;
            this.message = message;
            this.first = first;
        }

        static void add(Map<String, Outcome> outcomes, String backend, String message, String check) {
            outcomes.computeIfAbsent(backend + "\n" + message, k -> new Outcome(backend, message, check)).count++;
        }

        String line(String verb) {
            return count == 1
                    ? backend + " " + first + ": " + message
                    : backend + ": " + count + " checks " + verb + " (the first: " + first + "): " + message;
        }
    }

    /** Counts finished checks (leaves of the test tree) by outcome, with each skip's reason and failure's message. */
    private static final class Tally implements TestExecutionListener {
        int passed;
        int failed;
        int skipped;
        /** (message, check) of every skipped check and of every failed one, in order. */
        final List<Map.Entry<String, String>> skipReasons = new ArrayList<>();

        final List<Map.Entry<String, String>> failures = new ArrayList<>();

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            if (id.isTest()) {
                skipped++;
                skipReasons.add(Map.entry(String.valueOf(reason), id.getDisplayName()));
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            String message = result.getThrowable()
                    .map(t -> String.valueOf(t.getMessage()).replaceFirst("^Assumption failed: ", ""))
                    .orElse(result.getStatus() == TestExecutionResult.Status.FAILED ? "failed" : "no reason given");
            if (!id.isTest()) {
                if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                    failed++;
                    failures.add(Map.entry(message, id.getDisplayName()));
                }
                return;
            }
            switch (result.getStatus()) {
                case SUCCESSFUL -> passed++;
                case ABORTED -> {
                    skipped++;
                    skipReasons.add(Map.entry(message, id.getDisplayName()));
                }
                case FAILED -> {
                    failed++;
                    failures.add(Map.entry(message, id.getDisplayName()));
                }
            }
        }
    }
}
