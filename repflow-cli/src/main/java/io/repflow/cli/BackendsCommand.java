package io.repflow.cli;

import com.google.inject.Inject;
import com.google.inject.Provider;
import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.BackendProvider;
import io.repflow.spi.Backends;
import io.repflow.spi.Capability;
import io.repflow.spi.RepflowException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code repflow backends}: what is installed, what it can do, where its natives live. */
@Command(
        name = "backends",
        mixinStandardHelpOptions = true,
        description =
                "List the installed engines: id, priority, capabilities, devices and native caches. --load opens each to report its engine version.")
final class BackendsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--load",
            description =
                    "Open each backend on the CPU to report the engine version it loads (loads native libraries).")
    boolean load;

    @Inject
    Provider<Backends> registry;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        Backends backends = registry.get();
        if (backends.providers().isEmpty()) {
            throw new UsageException("no backend is installed");
        }
        String chosen = backends.select(null).id();
        out.printf("%-12s %-8s %-52s %s%n", "id", "priority", "capabilities", "description");
        for (BackendProvider p : backends.providers()) {
            String caps = p.capabilities().stream().map(Capability::name).collect(Collectors.joining(","));
            out.printf(
                    "%-12s %-8d %-52s %s%s%n",
                    p.id(), p.priority(), caps, p.description(), p.id().equals(chosen) ? "  (default)" : "");
            out.printf(
                    "%-12s devices: cpu%s%n",
                    "", p.capabilities().contains(Capability.GPU) ? ", gpu:N when its GPU natives are installed" : "");
            if (load) {
                try (Backend b = Backends.open(p, BackendConfig.DEFAULT)) {
                    out.printf("%-12s engine: %s%n", "", b.engineVersion());
                } catch (RepflowException | LinkageError e) {
                    out.printf("%-12s engine: could not load: %s%n", "", e.getMessage());
                }
            }
        }
        out.println();
        out.println("native library caches:");
        String home = System.getProperty("user.home");
        cache(
                out,
                "DJL / PyTorch",
                System.getenv("DJL_CACHE_DIR") != null
                        ? Path.of(System.getenv("DJL_CACHE_DIR"))
                        : Path.of(home, ".djl.ai"));
        String javacpp = System.getProperty("org.bytedeco.javacpp.cachedir");
        cache(
                out,
                "JavaCPP (ND4J, OpenCV, FFmpeg)",
                javacpp != null ? Path.of(javacpp) : Path.of(home, ".javacpp", "cache"));
        cache(out, "TensorFlow", Path.of(System.getProperty("java.io.tmpdir")));
        out.println("selection: --backend, then -D" + Backends.PROPERTY + ", then $" + Backends.ENVIRONMENT
                + ", then the highest priority (" + chosen + ")");
    }

    private static void cache(PrintWriter out, String what, Path dir) {
        out.printf("  %-32s %s%s%n", what, dir, Files.isDirectory(dir) ? "" : " (not created yet)");
    }
}
