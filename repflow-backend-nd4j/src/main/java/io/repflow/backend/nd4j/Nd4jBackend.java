package io.repflow.backend.nd4j;

import io.repflow.api.FlowBlockConfig;
import io.repflow.api.FlowConfig;
import io.repflow.api.FusionConfig;
import io.repflow.models.spi.ModelCompiler;
import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.BackendLoadException;
import io.repflow.spi.Capability;
import io.repflow.spi.Device;
import io.repflow.spi.FlowBlock;
import io.repflow.spi.FlowLayer;
import io.repflow.spi.Fusion;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** ND4J opened on one device; owns every module it creates and closes them with itself. */
final class Nd4jBackend implements Backend {

    private static final Logger LOG = LoggerFactory.getLogger(Nd4jBackend.class);

    private final BackendConfig config;
    private final Set<Capability> capabilities;
    private final String engineVersion;
    /** Modules and compiled models, closed with the backend. */
    private final Set<AutoCloseable> modules = new LinkedHashSet<>();

    private boolean closed;

    private Nd4jBackend(BackendConfig config, Set<Capability> capabilities, String engineVersion) {
        this.config = config;
        this.capabilities = capabilities;
        this.engineVersion = engineVersion;
    }

    /** Loads ND4J's natives (first touch of {@link Nd4j}), selects the device and the thread count. */
    static Nd4jBackend open(BackendConfig config, Set<Capability> capabilities, String version) {
        java.util.Properties env;
        try {
            env = Nd4j.getExecutioner().getEnvironmentInformation();
        } catch (LinkageError | RuntimeException e) {
            throw new BackendLoadException(Nd4jBackendProvider.ID, "ND4J's native library did not load (" + e + ")", e);
        }
        Device device = config.device();
        if (device.kind() == Device.Kind.GPU) {
            int devices = Nd4j.getAffinityManager().getNumberOfDevices();
            if (device.index() >= devices) {
                throw new BackendLoadException(
                        Nd4jBackendProvider.ID,
                        "there is no device " + device + "; ND4J sees " + devices + " CUDA device(s), gpu:0 to gpu:"
                                + (devices - 1),
                        null);
            }
            // ND4J binds devices per thread: the opening thread computes on this device
            Nd4j.getAffinityManager().unsafeSetDevice(device.index());
        }
        if (config.threads() > 0) {
            // process-wide in ND4J: the last backend opened with a thread count sets it
            Nd4j.getEnvironment().setMaxThreads(config.threads());
            Nd4j.getEnvironment().setMaxMasterThreads(config.threads());
        }
        String engine = "ND4J/SameDiff " + version + " (" + env.getOrDefault("backend", "?") + ", BLAS "
                + env.getOrDefault("blas.vendor", "?") + ", "
                + Nd4j.getEnvironment().maxThreads() + " threads)";
        LOG.debug("opened {} on {}", engine, device);
        return new Nd4jBackend(config, capabilities, engine);
    }

    @Override
    public String id() {
        return Nd4jBackendProvider.ID;
    }

    @Override
    public String engineVersion() {
        return engineVersion;
    }

    @Override
    public Device device() {
        return config.device();
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public synchronized FlowLayer flowLayer(FlowConfig flow) {
        return register(new Nd4jFlowLayerModule(this, flow));
    }

    @Override
    public synchronized Fusion fusion(FusionConfig fusion) {
        return register(new Nd4jFusionModule(this, fusion, config.seed()));
    }

    @Override
    public synchronized FlowBlock flowBlock(FlowBlockConfig block) {
        return register(new Nd4jFlowBlockModule(this, block, config.seed()));
    }

    @Override
    public <T> Optional<T> extension(Class<T> type) {
        return type == ModelCompiler.class ? Optional.of(type.cast(new Nd4jModelCompiler(this))) : Optional.empty();
    }

    synchronized <M extends AutoCloseable> M register(M module) {
        if (closed) {
            closeOne(module);
            throw new IllegalStateException("backend '" + id() + "' is closed");
        }
        modules.add(module);
        return module;
    }

    /** How many modules and models are open (for the memory test). */
    synchronized int openModules() {
        return modules.size();
    }

    /** A module or model closed on its own. */
    synchronized void forget(AutoCloseable module) {
        modules.remove(module);
    }

    @Override
    public void close() {
        List<AutoCloseable> open;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open = new ArrayList<>(modules);
        }
        open.forEach(Nd4jBackend::closeOne);
    }

    /** Modules and models throw nothing checked from close; anything else is a bug worth surfacing. */
    private static void closeOne(AutoCloseable c) {
        try {
            c.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("closing " + c + " failed", e);
        }
    }
}
