package io.repflow.cli;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.HostConfig;
import io.repflow.spi.Device;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.IndefiniteWaitOneShotStartupCheckStrategy;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * {@code repflow tck --container IMAGE [--gpus all|N]}: runs {@code repflow tck} inside a container of IMAGE
 * (the repository's Dockerfile builds one) through Testcontainers. The kit's output streams through as it
 * runs, with no startup timeout (the run takes as long as the kit), the GPUs are requested from Docker as
 * {@code docker run --gpus} does, and the kit's exit status is this command's; when the container cannot
 * start, its log is printed with the reason.
 */
final class ContainerTck {

    private ContainerTck() {}

    /**
     * What is asked of Docker, built without Docker.
     *
     * @param image   the image to run
     * @param command the command inside it
     * @param gpus    {@code null} for none, {@code all}, or a count
     */
    record Request(String image, List<String> command, String gpus) {

        Request {
            command = List.copyOf(command);
            if (gpus != null && !gpus.equals("all") && !gpus.matches("[1-9][0-9]*")) {
                throw new IllegalArgumentException(
                        "--gpus '" + gpus + "' is not understood; use all or a count N >= 1");
            }
        }

        /** The same request with {@code --jobs n} passed on to the kit in the container (null: its default). */
        Request withJobs(Integer n) {
            if (n == null) {
                return this;
            }
            List<String> c = new ArrayList<>(command);
            c.add("--jobs");
            c.add(n.toString());
            return new Request(image, c, gpus);
        }

        static Request of(
                String image, String backend, boolean quick, List<String> contracts, Device device, String gpus) {
            List<String> command = new ArrayList<>(List.of("repflow", "tck", "--device", device.toString()));
            if (backend != null) {
                command.add("--backend");
                command.add(backend);
            }
            if (quick) {
                command.add(TckCommand.QUICK);
            }
            if (contracts != null && !contracts.isEmpty()) {
                command.add("--contract");
                command.add(String.join(",", contracts));
            }
            return new Request(image, command, gpus);
        }

        /** The GPU request of {@code docker run --gpus}: the NVIDIA runtime's "gpu" capability, all or N devices. */
        List<DeviceRequest> deviceRequests() {
            if (gpus == null) {
                return List.of();
            }
            return List.of(new DeviceRequest()
                    .withCount(gpus.equals("all") ? -1 : Integer.parseInt(gpus))
                    .withCapabilities(List.of(List.of("gpu"))));
        }

        /** {@code host} with this request's GPUs (left as it is without {@code --gpus}). */
        HostConfig withGpus(HostConfig host) {
            List<DeviceRequest> requests = deviceRequests();
            return requests.isEmpty() ? host : host.withDeviceRequests(requests);
        }

        /** The container, not started: the kit's command, the GPUs, and a wait as long as the kit runs. */
        GenericContainer<?> container(PrintWriter out) {
            return new GenericContainer<>(DockerImageName.parse(image))
                    .withCommand(command.toArray(String[]::new))
                    .withCreateContainerCmdModifier(cmd -> cmd.withHostConfig(
                            withGpus(cmd.getHostConfig() == null ? new HostConfig() : cmd.getHostConfig())))
                    .withLogConsumer(frame -> {
                        out.print(frame.getUtf8String());
                        out.flush();
                    })
                    .withStartupCheckStrategy(new UntilExit());
        }
    }

    /**
     * Started means exited, whatever the status (the status is the kit's verdict, passed through), and there
     * is no timeout: Testcontainers' default (30 s) is far shorter than a kit run.
     */
    static final class UntilExit extends IndefiniteWaitOneShotStartupCheckStrategy {
        @Override
        public StartupCheckStrategy.StartupStatus checkStartupState(DockerClient docker, String containerId) {
            Boolean running = getCurrentState(docker, containerId).getRunning();
            return running != null && !running
                    ? StartupCheckStrategy.StartupStatus.SUCCESSFUL
                    : StartupCheckStrategy.StartupStatus.NOT_YET_KNOWN;
        }
    }

    /** Testcontainers' logger that prints every Docker configuration it tried, at ERROR, when none answers. */
    private static final String STRATEGY_LOGGER =
            "org.slf4j.simpleLogger.log.org.testcontainers.dockerclient.DockerClientProviderStrategy";

    /**
     * Whether a Docker engine answers; the reason when it does not. Testcontainers' multi-line account of the
     * configurations it tried is silenced (unless that logger's level is set): the command says it in one line.
     */
    static String dockerProblem() {
        if (System.getProperty(STRATEGY_LOGGER) == null) {
            // read by slf4j-simple when Testcontainers creates that logger, i.e. on the call below
            System.setProperty(STRATEGY_LOGGER, "off");
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable()
                    ? null
                    : "no Docker engine answers (is a daemon running, or DOCKER_HOST pointing at one?)";
        } catch (RuntimeException | LinkageError e) {
            return "no Docker engine is available: " + e.getMessage();
        }
    }

    static int run(
            String image,
            String backend,
            boolean quick,
            List<String> contracts,
            Device device,
            String gpus,
            Integer jobs,
            PrintWriter out,
            PrintWriter err) {
        Request request;
        try {
            request = Request.of(image, backend, quick, contracts, device, gpus).withJobs(jobs);
        } catch (IllegalArgumentException e) {
            err.println("repflow tck: " + e.getMessage());
            return ErrorReporter.USAGE;
        }
        String problem = dockerProblem();
        if (problem != null) {
            err.println("repflow tck: --container needs Docker, and " + problem
                    + "; run 'repflow tck' without --container to test the backends installed here");
            return ErrorReporter.USAGE;
        }
        try (GenericContainer<?> c = request.container(out)) {
            try {
                c.start();
            } catch (RuntimeException e) {
                err.println("repflow tck: the container of " + image + " did not run: " + e.getMessage());
                printLog(c, err);
                return ErrorReporter.FAILED;
            }
            Long status = c.getDockerClient()
                    .inspectContainerCmd(c.getContainerId())
                    .exec()
                    .getState()
                    .getExitCodeLong();
            if (status == null || status != 0) {
                err.println("repflow tck: the kit in " + image + " exited with status " + status);
            }
            return status == null ? ErrorReporter.FAILED : status.intValue();
        }
    }

    private static void printLog(GenericContainer<?> c, PrintWriter err) {
        if (c.getContainerId() == null) {
            return;
        }
        try {
            err.println("--- container log ---");
            err.print(c.getLogs());
            err.println("--- end of container log ---");
        } catch (RuntimeException e) {
            err.println("(the container's log could not be read: " + e.getMessage() + ")");
        }
        err.flush();
    }
}
