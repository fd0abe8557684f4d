package io.repflow.backend.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import io.repflow.api.FlowBlockConfig;
import io.repflow.api.FlowConfig;
import io.repflow.api.FusionConfig;
import io.repflow.models.spi.ModelCompiler;
import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.BackendLoadException;
import io.repflow.spi.Capability;
import io.repflow.spi.Device;
import io.repflow.spi.DeviceUnavailableException;
import io.repflow.spi.FlowBlock;
import io.repflow.spi.FlowLayer;
import io.repflow.spi.Fusion;
import io.repflow.spi.UnsupportedCapabilityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An opened PyTorch engine on one device. Owns a root {@link NDManager}; every module gets a
 * sub-manager of it, so closing the backend releases every array it ever made.
 */
final class DjlBackend implements Backend {

    /** From DJL's own api.properties: a named module's packages carry no manifest versions. */
    static final String DJL_VERSION = Engine.getDjlVersion();

    private static final Logger LOG = LoggerFactory.getLogger(DjlBackend.class);
    private static final String ENGINE = "PyTorch";

    private final BackendConfig config;
    private final Set<Capability> capabilities;
    private final Engine engine;
    private final NDManager root;
    private final List<AutoCloseable> modules = new ArrayList<>();
    private final ModelCompiler compiler = new DjlModelCompiler(this);
    // DJL allows one GradientCollector per JVM at a time; backward passes of this backend's modules queue here
    private final ReentrantLock gradientLock = new ReentrantLock();
    private boolean closed;

    private DjlBackend(BackendConfig config, Set<Capability> capabilities, Engine engine) {
        this.config = config;
        this.capabilities = capabilities;
        this.engine = engine;
        this.root = engine.newBaseManager(toDjl(config.device()));
    }

    static DjlBackend open(BackendConfig config, Set<Capability> capabilities) {
        DjlNatives natives = DjlNatives.onClassPath();
        if (config.device().kind() == Device.Kind.GPU && !capabilities.contains(Capability.GPU)) {
            throw UnsupportedCapabilityException.noGpu(
                    DjlBackendProvider.ID,
                    config.device(),
                    "the class path has " + natives
                            + ", not a CUDA libtorch (add repflow-natives-djl-gpu, or build with -Pgpu)");
        }
        // DJL asks a cloud metadata endpoint whether it runs there unless told not to; repflow never lets it.
        if (System.getProperty("OPT_OUT_TRACKING") == null && System.getenv("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
        Engine engine;
        try {
            engine = Engine.getEngine(ENGINE);
        } catch (RuntimeException | LinkageError e) {
            throw new BackendLoadException(
                    DjlBackendProvider.ID,
                    "PyTorch did not load (" + natives + "; ai.djl.offline=" + System.getProperty("ai.djl.offline")
                            + "): " + e.getMessage(),
                    e);
        }
        int gpus = engine.getGpuCount();
        if (config.device().kind() == Device.Kind.GPU && gpus <= config.device().index()) {
            throw new DeviceUnavailableException(
                    DjlBackendProvider.ID,
                    config.device(),
                    DeviceUnavailableException.devices(true, gpus),
                    "PyTorch (" + natives.flavor() + ") sees " + gpus + " CUDA device(s)");
        }
        if (config.threads() > 0) {
            // libtorch's intra-op pool is per process: the last backend opened with threads > 0 sets it
            JniUtils.setNumThreads(config.threads());
        }
        Engine.getEngine(ENGINE).setRandomSeed((int) config.seed());
        LOG.debug("opened {} {} on {} ({})", ENGINE, engine.getVersion(), config.device(), natives);
        // GPU is declared by the opened backend only when libtorch sees a device, not because a CUDA jar is there
        Set<Capability> declared = EnumSet.copyOf(capabilities);
        if (gpus == 0) {
            declared.remove(Capability.GPU);
        }
        return new DjlBackend(config, Collections.unmodifiableSet(declared), engine);
    }

    static ai.djl.Device toDjl(Device device) {
        return device.kind() == Device.Kind.CPU ? ai.djl.Device.cpu() : ai.djl.Device.gpu(device.index());
    }

    @Override
    public String id() {
        return DjlBackendProvider.ID;
    }

    @Override
    public String engineVersion() {
        return ENGINE + " " + engine.getVersion() + " (DJL " + DJL_VERSION + ")";
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
    public <T> Optional<T> extension(Class<T> type) {
        if (type == ModelCompiler.class) {
            return Optional.of(type.cast(compiler));
        }
        return Optional.empty();
    }

    @Override
    public synchronized FlowLayer flowLayer(FlowConfig flow) {
        return register(new DjlFlowLayerModule(this, flow));
    }

    @Override
    public synchronized Fusion fusion(FusionConfig fusion) {
        return register(new DjlFusionModule(this, fusion));
    }

    @Override
    public synchronized FlowBlock flowBlock(FlowBlockConfig block) {
        return register(new DjlFlowBlockModule(this, block));
    }

    /** Keeps {@code module} to close it with the backend. */
    synchronized <M extends AutoCloseable> M register(M module) {
        modules.add(module);
        return module;
    }

    /** A fresh sub-manager of the root for a new module. */
    synchronized NDManager newModuleManager() {
        if (closed) {
            throw new IllegalStateException("the djl backend is closed");
        }
        return root.newSubManager();
    }

    Engine engine() {
        return engine;
    }

    long seed() {
        return config.seed();
    }

    ReentrantLock gradientLock() {
        return gradientLock;
    }

    /** Arrays held by the backend's root manager and all its sub-managers (for leak checks). */
    int liveArrays() {
        return root.getManagedArrays().size();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (AutoCloseable m : modules) {
            try {
                m.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", m, e);
            }
        }
        modules.clear();
        root.close();
    }

    @Override
    public String toString() {
        return "DjlBackend[" + config.device() + ", " + engineVersion() + "]";
    }
}
