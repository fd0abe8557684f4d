package io.repflow.backend.tf;

import io.repflow.api.HostTensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * One graph and session for one input signature: placeholders for the inputs ({@code input0},
 * {@code input1}, …) and for every parameter by name, the output, named extra outputs (batch
 * statistics), and optionally the gradients of a scalar {@code <y, dy>} with respect to inputs and
 * trainable parameters, from {@link Graph#addGradients}.
 */
final class TfGraph implements AutoCloseable {

    /** Builds the computation on placeholders; puts named extra outputs into {@code extras}. */
    @FunctionalInterface
    interface Builder {
        Operand<TFloat32> build(
                TfGraphOps ops,
                List<Operand<TFloat32>> inputs,
                Map<String, Operand<TFloat32>> params,
                Map<String, Operand<TFloat32>> extras);
    }

    /** Placeholders a builder makes while it builds (their shapes known only then), fed by name at run time. */
    static final class Feeds {
        private final Ops tf;
        private final Map<String, Placeholder<TFloat32>> made;

        /** Feeds made in {@code tf}'s scope, recorded in {@code made}. */
        Feeds(Ops tf, Map<String, Placeholder<TFloat32>> made) {
            this.tf = tf;
            this.made = made;
        }

        Operand<TFloat32> placeholder(String name, org.tensorflow.ndarray.Shape shape) {
            Placeholder<TFloat32> p =
                    tf.withSubScope("feed").withName(name).placeholder(TFloat32.class, Placeholder.shape(shape));
            made.put(name, p);
            return p;
        }
    }

    /** A builder that also makes its own placeholders. */
    @FunctionalInterface
    interface FeedingBuilder {
        Operand<TFloat32> build(
                TfGraphOps ops,
                Feeds feeds,
                List<Operand<TFloat32>> inputs,
                Map<String, Operand<TFloat32>> params,
                Map<String, Operand<TFloat32>> extras);
    }

    /** What one run returns. */
    record Outputs(
            HostTensor y,
            Map<String, HostTensor> extras,
            List<HostTensor> inputGradients,
            Map<String, HostTensor> parameterGradients) {}

    private final Graph graph;
    private final Session session;
    private final List<Placeholder<TFloat32>> inputs = new ArrayList<>();
    private final Map<String, Placeholder<TFloat32>> params = new LinkedHashMap<>();
    private final Map<String, Placeholder<TFloat32>> dynamic = new LinkedHashMap<>();
    private final Output<TFloat32> y;
    private final Map<String, Output<TFloat32>> extras = new LinkedHashMap<>();
    private final Placeholder<TFloat32> dy;
    private final List<Output<?>> inputGradients = new ArrayList<>();
    private final Map<String, Output<?>> paramGradients = new LinkedHashMap<>();

    TfGraph(
            ConfigProto config,
            List<io.repflow.api.Shape> inputShapes,
            Map<String, io.repflow.api.Shape> paramShapes,
            Builder builder,
            List<String> gradientParams) {
        this(
                config,
                inputShapes,
                paramShapes,
                (ops, feeds, in, ps, ex) -> builder.build(ops, in, ps, ex),
                gradientParams);
    }

    TfGraph(
            ConfigProto config,
            List<io.repflow.api.Shape> inputShapes,
            Map<String, io.repflow.api.Shape> paramShapes,
            FeedingBuilder builder,
            List<String> gradientParams) {
        graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            List<Operand<TFloat32>> in = new ArrayList<>();
            for (int i = 0; i < inputShapes.size(); i++) {
                Placeholder<TFloat32> p = tf.withName("input" + i)
                        .placeholder(TFloat32.class, Placeholder.shape(TfTensors.shape(inputShapes.get(i))));
                inputs.add(p);
                in.add(p);
            }
            Map<String, Operand<TFloat32>> ps = new LinkedHashMap<>();
            paramShapes.forEach((name, shape) -> {
                Placeholder<TFloat32> p = tf.withSubScope("param")
                        .withName(name)
                        .placeholder(TFloat32.class, Placeholder.shape(TfTensors.shape(shape)));
                params.put(name, p);
                ps.put(name, p);
            });
            Map<String, Operand<TFloat32>> ex = new LinkedHashMap<>();
            // identity: an output that is an input as it stands (fusion NONE) could not be both fed and fetched
            y = tf.identity(builder.build(new TfGraphOps(tf), new Feeds(tf, dynamic), in, ps, ex))
                    .asOutput();
            ex.forEach((k, v) -> extras.put(k, v.asOutput()));
            if (gradientParams == null) {
                dy = null;
            } else {
                dy = tf.withName("dy").placeholder(TFloat32.class, Placeholder.shape(y.shape()));
                List<Output<?>> all = new ArrayList<>();
                inputs.forEach(p -> all.add(p.output()));
                gradientParams.forEach(n -> all.add(params.get(n).output()));
                // TensorFlow refuses gradients for what y does not depend on (an unused input, a kernel that
                // one iteration never reaches); those are zero
                java.util.Set<org.tensorflow.GraphOperation> needed = graph.subgraphTo(java.util.Set.of(y));
                List<Output<?>> xs = new ArrayList<>();
                for (Output<?> x : all) {
                    if (needed.contains((org.tensorflow.GraphOperation) x.op())) {
                        xs.add(x);
                    }
                }
                Output<?>[] g = xs.isEmpty()
                        ? new Output<?>[0]
                        : graph.addGradients(
                                "grad", new Output<?>[] {y}, xs.toArray(Output<?>[]::new), new Output<?>[] {dy.output()
                                });
                java.util.Map<Output<?>, Output<?>> byX = new java.util.HashMap<>();
                for (int i = 0; i < xs.size(); i++) {
                    byX.put(xs.get(i), g[i]);
                }
                for (int i = 0; i < inputs.size(); i++) {
                    inputGradients.add(orZeros(tf, byX.get(all.get(i)), inputs.get(i)));
                }
                for (int i = 0; i < gradientParams.size(); i++) {
                    paramGradients.put(
                            gradientParams.get(i),
                            orZeros(tf, byX.get(all.get(inputs.size() + i)), params.get(gradientParams.get(i))));
                }
            }
            session = new Session(graph, config);
        } catch (RuntimeException | Error e) {
            graph.close();
            throw e;
        }
    }

    private static Output<?> orZeros(Ops tf, Output<?> gradient, Placeholder<TFloat32> x) {
        return gradient != null ? gradient : tf.zerosLike(x).asOutput();
    }

    /** Runs the graph; gradients only when {@code gradOutput} is given. */
    Outputs run(List<HostTensor> in, Map<String, HostTensor> values, HostTensor gradOutput) {
        List<Tensor> owned = new ArrayList<>();
        try {
            Session.Runner r = session.runner();
            for (int i = 0; i < inputs.size(); i++) {
                TFloat32 t = TfTensors.of(in.get(i));
                owned.add(t);
                r.feed(inputs.get(i), t);
            }
            for (Map.Entry<String, Placeholder<TFloat32>> e : params.entrySet()) {
                TFloat32 t = TfTensors.of(values.get(e.getKey()));
                owned.add(t);
                r.feed(e.getValue(), t);
            }
            for (Map.Entry<String, Placeholder<TFloat32>> e : dynamic.entrySet()) {
                HostTensor v = values.get(e.getKey());
                if (v == null) {
                    throw new IllegalStateException("no value fed for " + e.getKey());
                }
                TFloat32 t = TfTensors.of(v);
                owned.add(t);
                r.feed(e.getValue(), t);
            }
            r.fetch(y);
            extras.values().forEach(r::fetch);
            boolean grads = gradOutput != null;
            if (grads) {
                TFloat32 t = TfTensors.of(gradOutput);
                owned.add(t);
                r.feed(dy, t);
                inputGradients.forEach(r::fetch);
                paramGradients.values().forEach(r::fetch);
            }
            try (Result result = r.run()) {
                int k = 0;
                HostTensor out = TfTensors.host((TFloat32) result.get(k++));
                Map<String, HostTensor> ex = new LinkedHashMap<>();
                for (String name : extras.keySet()) {
                    ex.put(name, TfTensors.host((TFloat32) result.get(k++)));
                }
                List<HostTensor> gi = new ArrayList<>();
                Map<String, HostTensor> gp = new LinkedHashMap<>();
                if (grads) {
                    for (int i = 0; i < inputGradients.size(); i++) {
                        gi.add(TfTensors.host((TFloat32) result.get(k++)));
                    }
                    for (String name : paramGradients.keySet()) {
                        gp.put(name, TfTensors.host((TFloat32) result.get(k++)));
                    }
                }
                return new Outputs(out, ex, gi, gp);
            }
        } finally {
            owned.forEach(Tensor::close);
        }
    }

    /** Names and static shapes of the placeholders the builder made. */
    Map<String, long[]> dynamicShapes() {
        Map<String, long[]> m = new LinkedHashMap<>();
        dynamic.forEach((k, v) -> m.put(k, v.shape().asArray()));
        return m;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
