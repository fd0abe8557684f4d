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
import io.repflow.spi.DeviceUnavailableException;
import io.repflow.spi.FlowBlock;
import io.repflow.spi.FlowLayer;
import io.repflow.spi.Fusion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
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

    /**
     * ND4J's threads when the config asks for the default (0): one. Measured on the 2-core machine (2026-12-04,
     * repflow-bench's layer point [8,32,28,28] x 20 iterations): 241 ms forward and 1095 ms forward+backward with one
     * thread against 415 / 1790 ms with two and 412 / 1806 ms with ND4J's own default; a MotionNet training step
     * took the same either way (4.8 s / 4.7 s). Its kernels split these per-frame tensors too finely to gain.
     */
    static final int DEFAULT_THREADS = 1;

    /**
     * The thread count to set: {@code configured} when positive; else none (0) when {@code ompNumThreads} is set,
     * ND4J's own default reads that variable; else {@link #DEFAULT_THREADS}.
     */
    static int threads(int configured, String ompNumThreads) {
        if (configured > 0) {
            return configured;
        }
        return ompNumThreads != null && !ompNumThreads.isBlank() ? 0 : DEFAULT_THREADS;
    }

    /** Loads ND4J's natives (first touch of {@link Nd4j}), selects the device and the thread count. */
    static Nd4jBackend open(BackendConfig config, Set<Capability> capabilities, String version) {
        java.util.Properties env;
        try {
            env = Nd4j.getExecutioner().getEnvironmentInformation();
        } catch (LinkageError | RuntimeException e) {
            // the first failure says why (e.g. libcuda.so.1 missing: ND4J's CUDA natives on a host without the driver)
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new BackendLoadException(
                    Nd4jBackendProvider.ID,
                    "ND4J's native library did not load (" + e + (root == e ? "" : ", caused by " + root) + ")",
                    e);
        }
        Device device = config.device();
        // the backend ND4J loaded (CUDA or CPU), not which jars are there: nd4j-cuda computes on GPUs only
        boolean cuda = Nd4j.getBackend().getClass().getName().equals(Nd4jBackendProvider.CUDA_BACKEND);
        int gpus = cuda ? Nd4j.getAffinityManager().getNumberOfDevices() : 0;
        if (cuda && device.kind() == Device.Kind.CPU) {
            throw new DeviceUnavailableException(
                    Nd4jBackendProvider.ID,
                    device,
                    DeviceUnavailableException.devices(false, gpus),
                    "ND4J loaded its CUDA backend (nd4j-cuda-11.6), which computes on GPUs only; for the CPU use"
                            + " repflow-natives-nd4j-cpu (the default build) instead");
        }
        if (device.kind() == Device.Kind.GPU && device.index() >= gpus) {
            throw new DeviceUnavailableException(
                    Nd4jBackendProvider.ID,
                    device,
                    DeviceUnavailableException.devices(false, gpus),
                    "ND4J (" + env.getOrDefault("backend", "?") + ") sees " + gpus + " CUDA device(s)");
        }
        Set<Capability> declared = EnumSet.copyOf(capabilities);
        if (gpus == 0) {
            declared.remove(Capability.GPU);
        }
        int threads = threads(config.threads(), System.getenv("OMP_NUM_THREADS"));
        if (threads > 0) {
            // process-wide in ND4J: the last backend opened with a thread count sets it
            Nd4j.getEnvironment().setMaxThreads(threads);
            Nd4j.getEnvironment().setMaxMasterThreads(threads);
        }
        String engine = "ND4J/SameDiff " + version + " (" + env.getOrDefault("backend", "?") + ", BLAS "
                + env.getOrDefault("blas.vendor", "?") + ", "
                + Nd4j.getEnvironment().maxThreads() + " threads)";
        LOG.debug("opened {} on {}", engine, device);
        Nd4jBackend backend = new Nd4jBackend(config, Collections.unmodifiableSet(declared), engine);
        backend.onThisThread();
        return backend;
    }

    /**
     * ND4J binds a CUDA device per thread: every thread that touches this backend's arrays (the opening one,
     * and each module call) is moved onto its device first. Nothing to do on the CPU.
     */
    void onThisThread() {
        Device device = config.device();
        if (device.kind() == Device.Kind.GPU
                && Nd4j.getAffinityManager().getDeviceForCurrentThread() != device.index()) {
            Nd4j.getAffinityManager().unsafeSetDevice(device.index());
        }
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
