package io.repflow.backend.tf;

import io.repflow.api.HostTensor;
import io.repflow.models.spec.ParameterGroup;
import io.repflow.models.spi.SgdStep;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

/**
 * The engine-side state of one compiled model: a single TensorFlow graph and session holding a
 * resource variable for every parameter and buffer and for every trainable parameter's momentum
 * buffer, and the model's programs (one per mode and batch size), added to the same graph on first
 * use so that they all read and write those variables. Host values cross only when asked for
 * ({@link #read}, {@link #write}): a checkpoint, a test, {@code setParameter}.
 *
 * <p>The SGD step is in the graph, element by element as {@link SgdStep#apply} states it
 * ({@code d = g + weightDecay * w; buf = momentum * buf + d; w = w - lr * buf}, float32), and runs
 * after every gradient and output of the step is computed (control dependencies), so each update
 * sees the weights the gradients were taken at.
 */
final class TfModelSession implements AutoCloseable {

    /** What a run of a program does. */
    enum Run {
        /** Output only; nothing changes. */
        FORWARD,
        /** Output, then running statistics move towards the batch statistics. */
        FORWARD_UPDATING_STATISTICS,
        /** Output (the loss), the extras and the trainable parameters' gradients; nothing changes. */
        GRADIENTS,
        /** Output (the loss), the extras and the gradient norm; then running statistics and the SGD update. */
        SGD_STEP
    }

    /** What one run returns; {@code gradients} empty and {@code gradientNorm} NaN where the run did not ask. */
    record Outputs(
            HostTensor y, Map<String, HostTensor> extras, Map<String, HostTensor> gradients, double gradientNorm) {}

    private final Graph graph;
    private final Ops tf;
    private final Session session;
    private final State parameters;
    private final State momentum;
    private final Map<String, ParameterGroup> trainable;
    private boolean closed;

    /**
     * Variables of {@code shapes} holding {@code initial}, momentum buffers (zeros) for {@code trainable}.
     *
     * @param trainable trainable parameter → learning-rate group, in the order updates are built
     */
    TfModelSession(
            ConfigProto config,
            Map<String, io.repflow.api.Shape> shapes,
            Map<String, ParameterGroup> trainable,
            Map<String, HostTensor> initial) {
        this.trainable = new LinkedHashMap<>(trainable);
        graph = new Graph();
        try {
            tf = Ops.create(graph);
            parameters = new State(tf, "param", shapes);
            Map<String, io.repflow.api.Shape> momentumShapes = new LinkedHashMap<>();
            trainable.keySet().forEach(n -> momentumShapes.put(n, shapes.get(n)));
            momentum = new State(tf, "momentum", momentumShapes);
            session = new Session(graph, config);
        } catch (RuntimeException | Error e) {
            graph.close();
            throw e;
        }
        try {
            Map<String, HostTensor> zeros = new LinkedHashMap<>();
            momentumShapes().forEach((n, s) -> zeros.put(n, HostTensor.zeros(s)));
            write(initial);
            writeMomentum(zeros);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private Map<String, io.repflow.api.Shape> momentumShapes() {
        return momentum.shapes;
    }

    /** Host copies of the named parameters and buffers, in one run. */
    Map<String, HostTensor> read(Collection<String> names) {
        return parameters.read(names);
    }

    /** Host copies of every momentum buffer, in one run. */
    Map<String, HostTensor> readMomentum() {
        return momentum.read(momentum.shapes.keySet());
    }

    /** Replaces the named parameters and buffers, in one run. */
    void write(Map<String, HostTensor> values) {
        parameters.write(values);
    }

    /** Replaces the named momentum buffers, in one run. */
    void writeMomentum(Map<String, HostTensor> values) {
        momentum.write(values);
    }

    /**
     * Adds a program to the graph under the name scope {@code scope}: {@code builder} computes the output from
     * the input placeholder {@code input0} and the variables' current values.
     *
     * @param statisticsMomentum running buffer → batch-norm momentum; the builder's extras of those names are the
     *     batch statistics a {@link Run#FORWARD_UPDATING_STATISTICS} or {@link Run#SGD_STEP} moves them towards
     * @param gradients whether the program can run {@link Run#GRADIENTS} and {@link Run#SGD_STEP} (the output is
     *     then the scalar loss)
     */
    Program program(
            String scope,
            io.repflow.api.Shape input,
            TfGraph.FeedingBuilder builder,
            Map<String, Double> statisticsMomentum,
            boolean gradients) {
        requireOpen();
        return new Program(tf.withSubScope(scope), scope, input, builder, statisticsMomentum, gradients);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("TensorFlow model session is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        session.close();
        graph.close();
    }

    /** A set of variables with a read and a fed assignment each. */
    private final class State {
        private final Map<String, io.repflow.api.Shape> shapes;
        private final Map<String, Operand<?>> handles = new LinkedHashMap<>();
        private final Map<String, Output<TFloat32>> reads = new LinkedHashMap<>();
        private final Map<String, Placeholder<TFloat32>> feeds = new LinkedHashMap<>();
        private final Map<String, Op> assigns = new LinkedHashMap<>();

        State(Ops tf, String kind, Map<String, io.repflow.api.Shape> shapes) {
            this.shapes = new LinkedHashMap<>(shapes);
            shapes.forEach((name, shape) -> {
                Ops v = tf.withSubScope(kind).withSubScope(name);
                org.tensorflow.ndarray.Shape s = TfTensors.shape(shape);
                // a shared name of its own: with none, every variable of the session would be one resource
                Operand<?> handle =
                        v.withName("var").varHandleOp(TFloat32.class, s, VarHandleOp.sharedName(kind + "/" + name));
                handles.put(name, handle);
                reads.put(
                        name,
                        v.withName("read")
                                .readVariableOp(handle, TFloat32.class)
                                .asOutput());
                Placeholder<TFloat32> feed = v.withName("value").placeholder(TFloat32.class, Placeholder.shape(s));
                feeds.put(name, feed);
                assigns.put(name, v.withName("assign").assignVariableOp(handle, feed));
            });
        }

        Map<String, HostTensor> read(Collection<String> names) {
            requireOpen();
            Session.Runner r = session.runner();
            List<String> order = new ArrayList<>(names);
            order.forEach(n -> r.fetch(reads.get(n)));
            Map<String, HostTensor> out = new LinkedHashMap<>();
            try (Result result = r.run()) {
                for (int i = 0; i < order.size(); i++) {
                    out.put(order.get(i), TfTensors.host((TFloat32) result.get(i)));
                }
            }
            return out;
        }

        void write(Map<String, HostTensor> values) {
            requireOpen();
            if (values.isEmpty()) {
                return;
            }
            List<Tensor> owned = new ArrayList<>();
            try {
                Session.Runner r = session.runner();
                values.forEach((name, value) -> {
                    TFloat32 t = TfTensors.of(value);
                    owned.add(t);
                    r.feed(feeds.get(name), t).addTarget(assigns.get(name));
                });
                r.run().close();
            } finally {
                owned.forEach(Tensor::close);
            }
        }
    }

    /** One program of the model, built into the shared graph. */
    final class Program {
        private final Placeholder<TFloat32> input;
        private final Map<String, Placeholder<TFloat32>> dynamic = new LinkedHashMap<>();
        private final Output<TFloat32> y;
        private final Map<String, Output<TFloat32>> extras = new LinkedHashMap<>();
        private final List<Op> statisticsUpdates = new ArrayList<>();
        private final Map<String, Output<TFloat32>> gradients = new LinkedHashMap<>();
        private final Output<TFloat64> gradientNorm;
        private final Map<ParameterGroup, Placeholder<TFloat32>> learningRates = new EnumMap<>(ParameterGroup.class);
        private final Placeholder<TFloat32> momentumRate;
        private final Placeholder<TFloat32> weightDecay;
        private final List<Op> sgdUpdates = new ArrayList<>();

        private Program(
                Ops p,
                String scope,
                io.repflow.api.Shape inputShape,
                TfGraph.FeedingBuilder builder,
                Map<String, Double> statisticsMomentum,
                boolean withGradients) {
            input = p.withName("input0").placeholder(TFloat32.class, Placeholder.shape(TfTensors.shape(inputShape)));
            Map<String, Operand<TFloat32>> values = new LinkedHashMap<>();
            Ops reads = p.withSubScope("read");
            parameters.handles.forEach(
                    (name, handle) -> values.put(name, reads.withName(name).readVariableOp(handle, TFloat32.class)));
            Map<String, Operand<TFloat32>> ex = new LinkedHashMap<>();
            // identity: an output that is an input as it stands could not be both fed and fetched
            y = p.identity(builder.build(new TfGraphOps(p), new TfGraph.Feeds(p, dynamic), List.of(input), values, ex))
                    .asOutput();
            Map<String, Operand<TFloat32>> batchStatistics = new LinkedHashMap<>();
            ex.forEach((k, v) -> {
                if (statisticsMomentum.containsKey(k)) {
                    batchStatistics.put(k, v);
                } else {
                    extras.put(k, v.asOutput());
                }
            });
            List<Op> computed = new ArrayList<>();
            computed.add(y);
            computed.addAll(extras.values());
            computed.addAll(batchStatistics.values());
            if (withGradients) {
                addGradients(p, scope, values);
                computed.addAll(gradients.values());
                gradientNorm = norm(p.withSubScope("gradient_norm"));
                computed.add(gradientNorm);
                momentumRate = scalarFeed(p, "momentum");
                weightDecay = scalarFeed(p, "weight_decay");
                for (ParameterGroup group : new java.util.TreeSet<>(trainable.values())) {
                    learningRates.put(group, scalarFeed(p, "lr_" + group.name().toLowerCase(java.util.Locale.ROOT)));
                }
            } else {
                gradientNorm = null;
                momentumRate = null;
                weightDecay = null;
            }
            // every update waits for everything the run computes from the old values
            Ops after = p.withSubScope("update").withControlDependencies(computed);
            TfGraphOps a = new TfGraphOps(after);
            batchStatistics.forEach((name, batch) -> {
                float m = statisticsMomentum.get(name).floatValue();
                Operand<TFloat32> moved = a.add(a.mul(a.c(1 - m), values.get(name)), a.mul(a.c(m), batch));
                statisticsUpdates.add(after.assignVariableOp(parameters.handles.get(name), moved));
            });
            if (withGradients) {
                trainable.forEach((name, group) -> {
                    Operand<TFloat32> w = values.get(name);
                    Operand<?> bufHandle = momentum.handles.get(name);
                    Operand<TFloat32> buf = after.readVariableOp(bufHandle, TFloat32.class);
                    Operand<TFloat32> d = a.add(gradients.get(name), a.mul(weightDecay, w));
                    Operand<TFloat32> next = a.add(a.mul(momentumRate, buf), d);
                    sgdUpdates.add(after.assignVariableOp(bufHandle, next));
                    sgdUpdates.add(after.assignVariableOp(
                            parameters.handles.get(name), a.sub(w, a.mul(learningRates.get(group), next))));
                });
            }
        }

        private Placeholder<TFloat32> scalarFeed(Ops p, String name) {
            return p.withName(name)
                    .placeholder(TFloat32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.scalar()));
        }

        /** dy/dw of every trainable parameter; zeros for those y does not depend on (TensorFlow refuses them). */
        private void addGradients(Ops p, String scope, Map<String, Operand<TFloat32>> values) {
            Set<GraphOperation> needed = graph.subgraphTo(Set.of(y));
            List<String> reached = new ArrayList<>();
            for (String name : trainable.keySet()) {
                if (needed.contains((GraphOperation) values.get(name).op())) {
                    reached.add(name);
                }
            }
            Output<?>[] xs = reached.stream().map(n -> values.get(n).asOutput()).toArray(Output<?>[]::new);
            Output<?>[] g = xs.length == 0
                    ? new Output<?>[0]
                    : graph.addGradients(scope + "_gradients", new Output<?>[] {y}, xs, null);
            Map<String, Output<TFloat32>> byName = new LinkedHashMap<>();
            for (int i = 0; i < g.length; i++) {
                byName.put(reached.get(i), g[i].expect(TFloat32.class));
            }
            for (String name : trainable.keySet()) {
                Output<TFloat32> gi = byName.get(name);
                gradients.put(
                        name, gi != null ? gi : p.zerosLike(values.get(name)).asOutput());
            }
        }

        /** sqrt(sum of g^2) over every trainable parameter, summed in float64. */
        private Output<TFloat64> norm(Ops p) {
            List<Operand<TFloat64>> squares = new ArrayList<>();
            for (Output<TFloat32> g : gradients.values()) {
                Operand<TFloat64> flat = p.dtypes.cast(p.reshape(g, p.constant(new int[] {-1})), TFloat64.class);
                squares.add(p.reduceSum(p.math.square(flat), p.constant(0)));
            }
            Operand<TFloat64> sum =
                    squares.isEmpty() ? p.constant(0.0) : squares.size() == 1 ? squares.get(0) : p.math.addN(squares);
            return p.math.sqrt(sum).asOutput();
        }

        /** Names and static shapes of the placeholders the builder made. */
        Map<String, long[]> dynamicShapes() {
            Map<String, long[]> m = new LinkedHashMap<>();
            dynamic.forEach((k, v) -> m.put(k, v.shape().asArray()));
            return m;
        }

        /**
         * Runs the program on {@code clips} with the builder's placeholders fed from {@code fed} by name.
         *
         * @param step the hyper-parameters of {@link Run#SGD_STEP}; ignored otherwise
         */
        Outputs run(Run what, HostTensor clips, Map<String, HostTensor> fed, SgdStep step) {
            requireOpen();
            boolean sgd = what == Run.SGD_STEP;
            boolean grads = what == Run.GRADIENTS;
            if ((sgd || grads) && gradientNorm == null) {
                throw new IllegalStateException("this program was built without gradients; cannot run " + what);
            }
            List<Tensor> owned = new ArrayList<>();
            try {
                Session.Runner r = session.runner();
                r.feed(input, own(owned, TfTensors.of(clips)));
                dynamic.forEach((name, placeholder) -> {
                    HostTensor v = fed.get(name);
                    if (v == null) {
                        throw new IllegalStateException("no value fed for " + name);
                    }
                    r.feed(placeholder, own(owned, TfTensors.of(v)));
                });
                r.fetch(y);
                extras.values().forEach(r::fetch);
                if (grads) {
                    gradients.values().forEach(r::fetch);
                }
                if (sgd) {
                    r.fetch(gradientNorm);
                    r.feed(momentumRate, own(owned, TFloat32.scalarOf((float) step.momentum())));
                    r.feed(weightDecay, own(owned, TFloat32.scalarOf((float) step.weightDecay())));
                    learningRates.forEach((group, placeholder) ->
                            r.feed(placeholder, own(owned, TFloat32.scalarOf((float) step.learningRate(group)))));
                    sgdUpdates.forEach(r::addTarget);
                }
                if (sgd || what == Run.FORWARD_UPDATING_STATISTICS) {
                    statisticsUpdates.forEach(r::addTarget);
                }
                try (Result result = r.run()) {
                    int k = 0;
                    HostTensor out = TfTensors.host((TFloat32) result.get(k++));
                    Map<String, HostTensor> ex = new LinkedHashMap<>();
                    for (String name : extras.keySet()) {
                        ex.put(name, TfTensors.host((TFloat32) result.get(k++)));
                    }
                    Map<String, HostTensor> gp = new LinkedHashMap<>();
                    if (grads) {
                        for (String name : gradients.keySet()) {
                            gp.put(name, TfTensors.host((TFloat32) result.get(k++)));
                        }
                    }
                    double n = sgd ? ((TFloat64) result.get(k)).getDouble() : Double.NaN;
                    return new Outputs(out, ex, gp, n);
                }
            } finally {
                owned.forEach(Tensor::close);
            }
        }

        private static <T extends Tensor> T own(List<Tensor> owned, T t) {
            owned.add(t);
            return t;
        }
    }
}
