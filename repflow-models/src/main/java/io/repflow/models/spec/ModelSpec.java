package io.repflow.models.spec;

import io.repflow.api.Checks;
import io.repflow.api.FlowBlockConfig;
import io.repflow.api.FlowParameter;
import io.repflow.api.HostTensor;
import io.repflow.api.ParameterInit;
import io.repflow.api.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A whole model as data: the network, the clip it reads and the number of classes. Construction
 * runs shape inference at batch size 1, so every instance is a model that works: clips
 * {@code [B, C, T, H, W]} (see {@link ClipShape}) in, logits {@code [B, numClasses]} out.
 * Impossible specs (a clip too short for the flow blocks, a spatial size collapsing to 0, channel
 * mismatches, duplicate names) fail with a {@link ModelSpecException} naming the layer and shapes.
 *
 * <p>Parameters and buffers are named PyTorch {@code state_dict} style and ordered depth-first;
 * those names are the keys of checkpoints and of every backend's compiled model.
 *
 * @param name       a label for reports and checkpoints, e.g. {@code resnet18-2d+repflow@layer3}
 * @param input      the clip the model reads
 * @param numClasses K
 * @param network    the layers; must turn {@code input} into {@code [B, K]}
 */
public record ModelSpec(String name, ClipShape input, int numClasses, Layer network) {

    public ModelSpec {
        Checks.notNull("model name", name);
        Checks.notNull("model input", input);
        Checks.atLeast("model numClasses", numClasses, 1);
        Checks.notNull("model network", network);
        Shape out = SpecAnalysis.of(network, input.shape(1)).output;
        if (!out.equals(Shape.of(1, numClasses))) {
            throw new ModelSpecException(
                    "model '" + name + "' turns input " + input.shape(1) + " into " + out + " but must give logits [1, "
                            + numClasses + "] (end with Linear to " + numClasses + " classes, pooling, Flatten)");
        }
    }

    /** {@code [batch, C, T, H, W]}. */
    public Shape inputShape(int batch) {
        return input.shape(batch);
    }

    /** {@code [batch, numClasses]}. */
    public Shape outputShape(int batch) {
        return Shape.of(batch, numClasses);
    }

    /** Every parameter and buffer, depth-first. */
    public Map<String, ParameterInfo> parameters() {
        return analysis().parameters();
    }

    /** Every parameter and buffer with its shape, depth-first. */
    public Map<String, Shape> parameterShapes() {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        parameters().forEach((k, v) -> shapes.put(k, v.shape()));
        return Collections.unmodifiableMap(shapes);
    }

    /** Names that get gradients, optimiser updates and momentum buffers. */
    public Set<String> trainableParameters() {
        Set<String> names = new LinkedHashSet<>();
        parameters().values().stream().filter(ParameterInfo::trainable).forEach(p -> names.add(p.name()));
        return Collections.unmodifiableSet(names);
    }

    /** Names of running statistics. */
    public Set<String> buffers() {
        Set<String> names = new LinkedHashSet<>();
        parameters().values().stream().filter(ParameterInfo::buffer).forEach(p -> names.add(p.name()));
        return Collections.unmodifiableSet(names);
    }

    /**
     * The name prefix of every flow block (e.g. {@code rep_flow}, {@code flow_net.rep_flow_2}): its parameters are
     * {@code <prefix>.*}, including the convolutions and batch norms inside it.
     */
    public Set<String> flowBlocks() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(analysis().blocks.keySet()));
    }

    /** The theta, lambda and tau of every flow layer, by full name (e.g. {@code rep_flow.flow.theta}). */
    public Set<String> flowScalars() {
        Set<String> names = new LinkedHashSet<>();
        parameters().values().stream()
                .filter(p -> p.group() == ParameterGroup.FLOW
                        && FlowParameter.scalarOf(p.name()).isPresent())
                .forEach(p -> names.add(p.name()));
        return Collections.unmodifiableSet(names);
    }

    /**
     * The first of {@code values} (any of this model's names) outside its domain, as {@code "name = value (why)"}:
     * a NaN or infinite value anywhere, or a flow layer's theta, lambda or tau that is not a positive float32 normal
     * ({@link FlowParameter#domainProblem}). Empty when every value is usable.
     */
    public Optional<String> firstOutsideDomain(Map<String, HostTensor> values) {
        for (Map.Entry<String, HostTensor> e : values.entrySet()) {
            HostTensor t = e.getValue();
            int bad = t.firstNonFinite();
            if (bad >= 0) {
                return Optional.of(e.getKey() + " " + t.shape() + " holds " + t.flat(bad) + " at index "
                        + java.util.Arrays.toString(t.shape().index(bad)));
            }
            Optional<FlowParameter> scalar = FlowParameter.scalarOf(e.getKey());
            if (scalar.isPresent() && group(e.getKey()) == ParameterGroup.FLOW) {
                String problem = scalar.get().domainProblem(t.flat(0));
                if (problem != null) {
                    return Optional.of("the learned " + e.getKey() + " = " + t.flat(0) + " (" + problem + ")");
                }
            }
        }
        return Optional.empty();
    }

    /** The learning-rate group of {@code parameterName}. */
    public ParameterGroup group(String parameterName) {
        ParameterInfo info = parameters().get(parameterName);
        if (info == null) {
            throw new IllegalArgumentException("model '" + name + "' has no parameter '" + parameterName + "'");
        }
        return info.group();
    }

    /**
     * Number of parameter values, buffers excluded, frozen flow parameters included — what
     * {@code sum(p.numel() for p in model.parameters())} gives in PyTorch.
     */
    public long parameterCount() {
        return parameters().values().stream()
                .filter(p -> !p.buffer())
                .mapToLong(p -> p.shape().size())
                .sum();
    }

    /** Number of trained parameter values. */
    public long trainableParameterCount() {
        return parameters().values().stream()
                .filter(ParameterInfo::trainable)
                .mapToLong(p -> p.shape().size())
                .sum();
    }

    /** Per-layer input and output shapes at batch size 1, depth-first (containers after their children). */
    public List<LayerTrace> trace() {
        return List.copyOf(analysis().trace);
    }

    /**
     * Deterministic initial values for every parameter and buffer: flow blocks through
     * {@link FlowBlockConfig#initialParameters(long)} (seeded by {@code seed} and the block's name),
     * everything else through {@link ParameterInit#initialise} (convolution and linear weights
     * He-normal by fan-in, batch-norm weight and running variance 1, biases and running means 0),
     * each tensor seeded by {@code seed} and its full name. Every backend compiles to these values.
     */
    public Map<String, HostTensor> initialParameters(long seed) {
        SpecAnalysis a = analysis();
        Map<String, Shape> plain = new LinkedHashMap<>();
        a.parameters.forEach((k, v) -> plain.put(k, v.shape()));
        a.blocks.keySet().forEach(prefix -> plain.keySet().removeIf(k -> k.startsWith(prefix + ".")));
        Map<String, HostTensor> plainValues = ParameterInit.initialise(plain, prefix -> null, seed);
        Map<String, HostTensor> blockValues = new LinkedHashMap<>();
        a.blocks.forEach((prefix, block) -> block.initialParameters(seed ^ (prefix.hashCode() * 0xC2B2AE3D27D4EB4FL))
                .forEach((k, v) -> blockValues.put(prefix + "." + k, v)));
        Map<String, HostTensor> values = new LinkedHashMap<>();
        for (String key : a.parameters.keySet()) {
            values.put(key, plainValues.containsKey(key) ? plainValues.get(key) : blockValues.get(key));
        }
        return Collections.unmodifiableMap(values);
    }

    /** A fixed-width table of the shape trace and the parameter counts. */
    public String summary() {
        StringBuilder sb = new StringBuilder("model ")
                .append(name)
                .append(": input ")
                .append(inputShape(1))
                .append(" -> ")
                .append(outputShape(1))
                .append('\n');
        for (LayerTrace t : trace()) {
            sb.append(String.format(
                    "  %-34s %-30s %-22s -> %-22s %,12d%n",
                    t.path(), t.layer(), t.input(), t.output(), t.parameters()));
        }
        sb.append(String.format(
                "  parameters: %,d (trainable %,d), buffers: %d tensors%n",
                parameterCount(), trainableParameterCount(), buffers().size()));
        return sb.toString();
    }

    private SpecAnalysis analysis() {
        return SpecAnalysis.of(network, input.shape(1));
    }
}
