package io.repflow.spark;

import io.repflow.models.checkpoint.Checkpoint;
import io.repflow.models.spec.FeatureSpecs;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.spi.ModelCompiler;
import io.repflow.models.spi.ModelCompilers;
import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.Backends;
import io.repflow.spi.Device;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.broadcast.Broadcast;

/**
 * The one backend and compiled model of each executor JVM, opened by the first task that needs them
 * and kept until the JVM exits: Spark reuses executor JVMs across tasks and stages, and opening an
 * engine and compiling a model costs seconds. This per-JVM cache is the one mutable static of the
 * module; its entries are immutable once opened. Tasks of one JVM share the model and take its lock
 * for forward passes (a compiled model is not thread-safe); they decode in parallel.
 */
final class ExecutorModels {

    private static final Map<Key, Loaded> OPEN = new ConcurrentHashMap<>();

    private ExecutorModels() {}

    /** What identifies an opened model: the checkpoint's bytes and how it is run. */
    private record Key(String checkpoint, String backend, String device, int threads, long seed, boolean features) {}

    /** An opened backend with the checkpoint's model and, when asked for, its pooled-feature model. */
    record Loaded(Backend backend, CompiledModel model, CompiledModel features) {}

    static Loaded get(Broadcast<ShippedCheckpoint> checkpoint, String sha256, InferenceOptions o) {
        Key key =
                new Key(sha256, o.backend(), o.device(), o.threads(), o.views().seed(), o.features());
        return OPEN.computeIfAbsent(key, k -> open(checkpoint.value(), o));
    }

    private static Loaded open(ShippedCheckpoint shipped, InferenceOptions o) {
        long t0 = System.nanoTime();
        Checkpoint ckpt = shipped.open();
        BackendConfig config = new BackendConfig(
                Device.parse(o.device()), o.threads(), o.views().seed(), Map.of());
        Backend backend = Backends.open(Backends.load().select(o.backend()), config);
        try {
            ModelCompiler compiler = ModelCompilers.of(backend);
            ModelSpec spec = ckpt.manifest().spec();
            CompiledModel model = compiler.compile(spec, o.views().seed());
            ckpt.restore(model);
            CompiledModel features = null;
            if (o.features()) {
                features = compiler.compile(
                        FeatureSpecs.pooledFeatures(spec), o.views().seed());
                for (String name : features.parameterShapes().keySet()) {
                    features.setParameter(name, ckpt.weights().get(name));
                }
            }
            Loaded loaded = new Loaded(backend, model, features);
            // once per executor JVM, in its stderr log: what a job pays before its first forward pass
            System.err.printf(
                    "repflow-spark: executor opened %s and compiled %s in %.2f s (checkpoint %.2f MiB)%n",
                    backend.id(), spec.name(), (System.nanoTime() - t0) / 1e9, shipped.size() / 1048576.0);
            Runtime.getRuntime().addShutdownHook(new Thread(backend::close, "repflow-close-" + backend.id()));
            return loaded;
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }
}
