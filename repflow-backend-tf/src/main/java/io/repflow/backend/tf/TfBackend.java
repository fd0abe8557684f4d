package io.repflow.backend.tf;

import io.repflow.api.FlowBlockConfig;
import io.repflow.api.FlowConfig;
import io.repflow.api.FusionConfig;
import io.repflow.api.ParameterInit;
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
import java.util.Set;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.OptimizerOptions;

/**
 * An opened TensorFlow engine. Modules build one graph and session per input signature and keep
 * them until closed; the backend closes every module it made.
 */
final class TfBackend implements Backend {

    private final BackendConfig config;
    private final Set<Capability> capabilities;
    private final ConfigProto sessionConfig;
    private final List<AutoCloseable> modules = new ArrayList<>();
    private boolean closed;

    /**
     * {@link BackendConfig#options()} key: {@code on} clusters every session's graph for XLA's CPU JIT (off by default).
     * Measured 2026-12-04 on 2 cores: flow layer forward+backward 1.06-1.55x faster, forward 1.9-3.5x slower, a
     * MotionNet training step (16 clips of 8x56²) 1.18x faster; the first call of each new shape compiles for 11-35 s.
     */
    static final String XLA_OPTION = "tf.xla";

    private TfBackend(BackendConfig config, Set<Capability> capabilities, ConfigProto sessionConfig) {
        this.config = config;
        this.capabilities = capabilities;
        this.sessionConfig = sessionConfig;
    }

    static TfBackend open(BackendConfig config) {
        try {
            TensorFlow.version();
        } catch (UnsatisfiedLinkError | ExceptionInInitializerError | NoClassDefFoundError e) {
            throw new BackendLoadException(
                    TfBackendProvider.ID,
                    "TensorFlow's native library did not load (" + e
                            + "); is repflow-natives-tf-cpu or -gpu (tensorflow-core-native:1.1.0:linux-x86_64[-gpu]) on"
                            + " the class path?",
                    e);
        }
        // asked of the loaded TensorFlow, not of a jar name: a CUDA build registers GPU kernels
        boolean cuda = TfDevices.cudaKernels();
        Device device = config.device();
        if (device.kind() == Device.Kind.GPU && !cuda) {
            throw UnsupportedCapabilityException.noGpu(
                    TfBackendProvider.ID,
                    device,
                    "the loaded TensorFlow " + TensorFlow.version()
                            + " has no CUDA kernels (CPU natives; add repflow-natives-tf-gpu, or build with -Pgpu)");
        }
        ConfigProto.Builder b = TfDevices.sessionConfig(device);
        if (xla(config)) {
            // auto-clustering at level 2, also on the CPU (TensorFlow clusters only GPU graphs unless told)
            b.getGraphOptionsBuilder()
                    .getOptimizerOptionsBuilder()
                    .setGlobalJitLevel(OptimizerOptions.GlobalJitLevel.ON_2)
                    .setCpuGlobalJit(true);
        }
        if (config.threads() > 0) {
            b.setIntraOpParallelismThreads(config.threads());
        }
        // one op at a time: with parallel ops TensorFlow summed gradient contributions in varying order, so the
        // same step gave different float32 results and a resumed run would not equal an uninterrupted one
        b.setInterOpParallelismThreads(1);
        if (device.kind() == Device.Kind.CPU) {
            // every graph (flow layer, fusion, blocks, compiled models) on CPU without Grappler and graph optimisation:
            // Grappler's arithmetic optimiser rewrites each fetch set's pruned graph on its own, so a compiled model's
            // gradients() and the gradients inside its trainStep differed in the last bit (TfInGraphSgdTest), and
            // Grappler took 5-8 s on the first call of each unrolled TV-L1 gradient graph for a steady-state gain of
            // 4-15 % on a training step (measured in this module's README). On a GPU its layout optimisation is kept.
            b.getGraphOptionsBuilder().getRewriteOptionsBuilder().setDisableMetaOptimizer(true);
            b.getGraphOptionsBuilder().getOptimizerOptionsBuilder().setOptLevel(OptimizerOptions.Level.L0);
        }
        ConfigProto sessionConfig = b.build();
        if (device.kind() == Device.Kind.GPU) {
            List<String> types;
            try {
                types = TfDevices.sessionDeviceTypes(sessionConfig);
            } catch (RuntimeException e) {
                throw new DeviceUnavailableException(
                        TfBackendProvider.ID, device, List.of(Device.CPU), "TensorFlow: " + e.getMessage());
            }
            if (!types.contains("GPU")) {
                throw new DeviceUnavailableException(
                        TfBackendProvider.ID,
                        device,
                        List.of(Device.CPU),
                        "a TensorFlow session with GPU " + device.index() + " visible has only the devices " + types);
            }
        }
        Set<Capability> declared = EnumSet.copyOf(new TfBackendProvider().capabilities());
        if (!cuda) {
            declared.remove(Capability.GPU);
        }
        return new TfBackend(config, Collections.unmodifiableSet(declared), sessionConfig);
    }

    /** Whether {@link #XLA_OPTION} is on; any value but {@code on} or {@code off} is refused. */
    static boolean xla(BackendConfig config) {
        String v = config.options().getOrDefault(XLA_OPTION, "off");
        return switch (v) {
            case "on" -> true;
            case "off" -> false;
            default ->
                throw new IllegalArgumentException(
                        "backend option " + XLA_OPTION + " = '" + v + "' is not one of: on, off");
        };
    }

    /** Session options of every graph of this backend (modules and compiled models): device, threads, no Grappler on CPU. */
    ConfigProto sessionConfig() {
        return sessionConfig;
    }

    @Override
    public String id() {
        return TfBackendProvider.ID;
    }

    @Override
    public String engineVersion() {
        return "TensorFlow " + TensorFlow.version() + " (TensorFlow Java 1.1.0), graph mode";
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
    public synchronized FlowLayer flowLayer(FlowConfig c) {
        return register(new TfFlowLayerModule(this, c));
    }

    @Override
    public synchronized Fusion fusion(FusionConfig c) {
        return register(
                new TfFusionModule(this, c, ParameterInit.initialise(c.parameterShapes(), p -> null, config.seed())));
    }

    @Override
    public synchronized FlowBlock flowBlock(FlowBlockConfig c) {
        return register(new TfFlowBlockModule(this, c, c.initialParameters(config.seed())));
    }

    @Override
    public <T> java.util.Optional<T> extension(Class<T> type) {
        return type == io.repflow.models.spi.ModelCompiler.class
                ? java.util.Optional.of(type.cast(new TfModelCompiler(this)))
                : java.util.Optional.empty();
    }

    synchronized <M extends AutoCloseable> M register(M m) {
        if (closed) {
            throw new IllegalStateException("backend 'tf' is closed");
        }
        modules.add(m);
        return m;
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
                throw new IllegalStateException("closing a TensorFlow module failed", e);
            }
        }
        modules.clear();
    }
}
