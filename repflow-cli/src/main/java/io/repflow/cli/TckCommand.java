package io.repflow.cli;

import io.repflow.spi.Device;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code repflow tck}: the conformance contracts on every installed backend (or one), through the
 * JUnit Platform launcher, as a table of passed / failed / skipped checks per contract. With
 * {@code --container IMAGE} the same run happens inside a container (for GPU hosts).
 *
 * <p>The kit (repflow-tck, JUnit, Testcontainers) is not on the command's run-time class path; when
 * it is missing here the command runs itself again in a JVM that has it ({@link TckProcess}). No
 * type of the kit appears in this class's members, so picocli and Guice can reflect on it without it.
 */
@Command(
        name = "tck",
        mixinStandardHelpOptions = true,
        description =
                "Run the conformance contracts (TCK) on the installed backends and print a table; exit 1 when a check fails.")
final class TckCommand implements java.util.concurrent.Callable<Integer> {

    /** The option leaving out the convergence contract; the container run passes it on by this name. */
    static final String QUICK = "--quick";

    @Spec
    CommandSpec spec;

    @Option(names = "--backend", paramLabel = "ID", description = "Only this backend (default: every installed one).")
    String backend;

    @Option(
            names = "--device",
            paramLabel = "DEVICE",
            defaultValue = "cpu",
            description =
                    "Device every contract opens its backend on: cpu, gpu or gpu:N (default: cpu). A backend that cannot"
                            + " use that GPU here has its checks skipped with the reason.")
    String device;

    @Option(
            names = QUICK,
            description =
                    "Leave out the checks at full size: the training-convergence contract and the flow layer's gradients at layer scale (every other check runs).")
    boolean quick;

    @Option(
            names = "--contract",
            paramLabel = "NAME",
            split = ",",
            description = "Only these contracts (their names in the table, e.g. ModelTrainingContract; default: all).")
    java.util.List<String> contracts;

    @Option(
            names = "--jobs",
            paramLabel = "N",
            description =
                    "How many backends run their contracts at once, each on a thread of its own and never two contracts"
                            + " of one backend together (default: the machine's CPU cores; 1 gives each contract's"
                            + " seconds alone on the machine).")
    Integer jobs;

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

    @Option(
            names = "--gpus",
            paramLabel = "all|N",
            description = "With --container: request GPUs from Docker, all or N of them (as docker run --gpus).")
    String gpus;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!TckProcess.kitLoaded()) {
            out.flush();
            return TckProcess.relaunch(spec.commandLine().getParseResult().originalArgs(), err);
        }
        Device d;
        try {
            d = Device.parse(device);
        } catch (IllegalArgumentException e) {
            err.println("repflow tck: --device: " + e.getMessage());
            return ErrorReporter.USAGE;
        }
        if (jobs != null && jobs < 1) {
            err.println("repflow tck: --jobs " + jobs + " is out of range; at least 1 backend runs at a time");
            return ErrorReporter.USAGE;
        }
        if (gpus != null && container == null) {
            err.println("repflow tck: --gpus requests GPUs for a container; use it with --container IMAGE");
            return ErrorReporter.USAGE;
        }
        if (container != null) {
            return ContainerTck.run(container, backend, quick, contracts, d, gpus, jobs, out, err);
        }
        if (Boolean.getBoolean(TckProcess.SIGNALS)) {
            StopSignals.handle(() -> {});
        }
        int n = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
        return TckRun.run(backend, quick, contracts, showFailures, d, n, System::nanoTime, out);
    }
}
