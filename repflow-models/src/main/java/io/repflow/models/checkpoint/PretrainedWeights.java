package io.repflow.models.checkpoint;

import io.repflow.api.Checks;
import io.repflow.api.HostTensor;
import io.repflow.api.Shape;
import io.repflow.models.arch.TorchvisionNames;
import io.repflow.models.spec.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Weights to start a training run from ({@code repflow train --init-from FILE}): a repflow checkpoint written
 * by any engine (a checkpoint directory, its {@code model.safetensors}, or a run directory: its newest loadable
 * checkpoint), or a torchvision ResNet {@code state_dict} saved as {@code .safetensors} (names through
 * {@link TorchvisionNames}).
 *
 * <p>{@link #applyTo} puts every tensor whose name and shape fit into the model's initial values. The
 * classifier ({@code fc.weight}, {@code fc.bias}) keeps its initial values when the class counts differ; the
 * flow blocks keep their design initialisation when the weights come from torchvision (which has none); any
 * other shape difference is an error naming the tensor and both shapes.
 */
public final class PretrainedWeights {

    /** Where the weights come from. */
    public enum Origin {
        /** A repflow checkpoint: names are repflow's, flow blocks included. */
        REPFLOW,
        /** A torchvision {@code state_dict}: names mapped by {@link TorchvisionNames}. */
        TORCHVISION
    }

    private static final Pattern CLASSIFIER = Pattern.compile("(.*\\.)?fc\\.(weight|bias)");

    private final Path file;
    private final Origin origin;
    private final Map<String, HostTensor> tensors;
    private final Map<String, String> sourceNames;

    private PretrainedWeights(Path file, Origin origin, Map<String, HostTensor> tensors, Map<String, String> names) {
        this.file = file;
        this.origin = origin;
        this.tensors = tensors;
        this.sourceNames = names;
    }

    /**
     * Reads {@code file}: a directory is a repflow checkpoint (or a run directory of them); a
     * {@code .safetensors} file beside a {@code manifest.json} is a repflow checkpoint's weights; any other
     * {@code .safetensors} file is a torchvision {@code state_dict}.
     *
     * @throws IllegalArgumentException when the file is neither
     */
    public static PretrainedWeights read(Path file) throws IOException {
        Checks.notNull("initialisation file", file);
        if (Files.isDirectory(file)) {
            Path checkpoint = Files.exists(file.resolve(CheckpointStore.MANIFEST))
                    ? file
                    : new CheckpointStore(file, 1)
                            .newestLoadable()
                            .map(CheckpointStore.Loadable::dir)
                            .orElseThrow(
                                    () -> new IllegalArgumentException(
                                            "--init-from " + file
                                                    + ": the directory holds no repflow checkpoint (no "
                                                    + CheckpointStore.MANIFEST
                                                    + ", no step-* checkpoint); expected a checkpoint or run directory or a .safetensors file"));
            return repflow(file, CheckpointStore.load(checkpoint).weights());
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--init-from " + file + ": no such file or directory");
        }
        if (!file.getFileName().toString().endsWith(".safetensors")) {
            throw new IllegalArgumentException(
                    "--init-from " + file
                            + ": expected a repflow checkpoint or run directory, or a torchvision state_dict saved as .safetensors");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && Files.exists(parent.resolve(CheckpointStore.MANIFEST))) {
            return repflow(file, CheckpointStore.load(parent).weights());
        }
        Map<String, HostTensor> raw = SafeTensors.read(file).tensors();
        Map<String, String> mapped = TorchvisionNames.toRepflow(raw.keySet());
        Map<String, HostTensor> byRepflowName = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        mapped.forEach((torch, ours) -> {
            byRepflowName.put(ours, raw.get(torch));
            names.put(ours, torch);
        });
        // tensors without a repflow name are kept under their own name, to be reported as unexpected
        raw.forEach((torch, t) -> {
            if (!mapped.containsKey(torch) && !TorchvisionNames.ignored(torch)) {
                byRepflowName.putIfAbsent(torch, t);
                names.putIfAbsent(torch, torch);
            }
        });
        return new PretrainedWeights(file, Origin.TORCHVISION, byRepflowName, names);
    }

    private static PretrainedWeights repflow(Path file, Map<String, HostTensor> weights) {
        Map<String, String> names = new LinkedHashMap<>();
        weights.keySet().forEach(k -> names.put(k, k));
        return new PretrainedWeights(file, Origin.REPFLOW, weights, names);
    }

    public Path file() {
        return file;
    }

    public Origin origin() {
        return origin;
    }

    /** What {@link #applyTo} did, tensor names in the model's order (unexpected ones in the file's). */
    public record Result(
            Map<String, HostTensor> values,
            List<String> loaded,
            List<String> reinitialised,
            List<String> missing,
            List<String> unexpected) {
        public Result {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
            loaded = List.copyOf(loaded);
            reinitialised = List.copyOf(reinitialised);
            missing = List.copyOf(missing);
            unexpected = List.copyOf(unexpected);
        }

        /** One line per group: loaded, re-initialised, missing, unexpected (count and names). */
        public List<String> lines() {
            return List.of(
                    line("loaded", loaded, true),
                    line("re-initialised", reinitialised, false),
                    line("missing (kept at initialisation)", missing, false),
                    line("unexpected (not used)", unexpected, false));
        }

        private static String line(String what, List<String> names, boolean countOnly) {
            if (names.isEmpty()) {
                return what + ": none";
            }
            return what + ": " + names.size() + (countOnly ? " tensors" : " tensors: " + String.join(", ", names));
        }
    }

    /**
     * The model's initial values ({@code initial}, every parameter and buffer of {@code spec}) with these
     * weights put in where they fit.
     *
     * @throws IllegalArgumentException when a tensor of the file has another shape than the model's tensor of the
     *     same name (the classifier excepted when the class counts differ), naming both and both shapes
     */
    public Result applyTo(ModelSpec spec, Map<String, HostTensor> initial) {
        Map<String, Shape> shapes = spec.parameterShapes();
        if (!initial.keySet().equals(shapes.keySet())) {
            throw new IllegalArgumentException(
                    "initial values must hold every parameter and buffer of model '" + spec.name() + "'");
        }
        Set<String> flowBlocks = spec.flowBlocks();
        Map<String, HostTensor> values = new LinkedHashMap<>(initial);
        List<String> loaded = new ArrayList<>();
        List<String> reinitialised = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Set<String> used = new java.util.HashSet<>();
        for (Map.Entry<String, Shape> e : shapes.entrySet()) {
            String name = e.getKey();
            String key = sourceKey(name);
            HostTensor source = key == null ? null : tensors.get(key);
            boolean inFlowBlock = flowBlocks.stream().anyMatch(p -> name.startsWith(p + "."));
            if (origin == Origin.TORCHVISION && inFlowBlock) {
                reinitialised.add(name);
                continue;
            }
            if (source == null) {
                missing.add(name);
                continue;
            }
            used.add(key);
            Shape want = e.getValue();
            if (source.shape().equals(want)) {
                values.put(name, source);
                loaded.add(name);
            } else if (CLASSIFIER.matcher(name).matches() && sameExceptFirst(source.shape(), want)) {
                reinitialised.add(name);
            } else {
                throw new IllegalArgumentException("--init-from " + file + ": tensor '" + sourceNames.get(key)
                        + "' has shape " + source.shape() + " but model '" + spec.name() + "' needs " + want
                        + " for '" + name + "'");
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String key : tensors.keySet()) {
            if (!used.contains(key)) {
                unexpected.add(sourceNames.get(key));
            }
        }
        return new Result(values, loaded, reinitialised, missing, unexpected);
    }

    /** The file's key for a model tensor: its own name, or for a late-fusion RGB network the name without the prefix. */
    private String sourceKey(String name) {
        if (tensors.containsKey(name)) {
            return name;
        }
        String rgb = "rgb_net.";
        if (origin == Origin.TORCHVISION && name.startsWith(rgb) && tensors.containsKey(name.substring(rgb.length()))) {
            return name.substring(rgb.length());
        }
        return null;
    }

    private static boolean sameExceptFirst(Shape a, Shape b) {
        int[] x = a.dims();
        int[] y = b.dims();
        return x.length == y.length && Arrays.equals(x, 1, x.length, y, 1, y.length);
    }
}
