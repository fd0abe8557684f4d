package io.repflow.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * {@code repflow tck --container IMAGE}: runs {@code repflow tck} inside a container (an image with
 * repflow and the GPU natives, on a GPU host) through Testcontainers, and relays its output.
 */
final class ContainerTck {

    private ContainerTck() {}

    /** Whether a Docker engine answers; the reason when it does not. */
    static String dockerProblem() {
        try {
            return DockerClientFactory.instance().isDockerAvailable()
                    ? null
                    : "no Docker engine answers (is the daemon running?)";
        } catch (RuntimeException | LinkageError e) {
            return "no Docker engine is available: " + e.getMessage();
        }
    }

    static int run(String image, String backend, boolean quick, PrintWriter out, PrintWriter err) {
        String problem = dockerProblem();
        if (problem != null) {
            err.println("repflow tck: --container needs Docker, and " + problem
                    + "; run 'repflow tck' without --container to test the" + " backends installed here");
            return ErrorReporter.USAGE;
        }
        List<String> command = new ArrayList<>(List.of("repflow", "tck"));
        if (backend != null) {
            command.add("--backend");
            command.add(backend);
        }
        if (quick) {
            command.add("--quick");
        }
        try (GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image))
                .withCommand(command.toArray(String[]::new))
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy())) {
            c.start();
            out.print(c.getLogs());
            return 0;
        } catch (RuntimeException e) {
            err.println("repflow tck: the container run failed: " + e.getMessage());
            return ErrorReporter.FAILED;
        }
    }
}
