package io.repflow.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import io.repflow.api.FlowConvFlowConfig;
import io.repflow.api.RepFlowBlockConfig;
import io.repflow.backend.djl.internal.DjlOwnedArrays;
import io.repflow.backend.djl.nn.DjlFlowConvFlow;
import io.repflow.backend.djl.nn.DjlRepFlowBlock;
import io.repflow.models.spec.AvgPool;
import io.repflow.models.spec.Conv2d;
import io.repflow.models.spec.Dropout;
import io.repflow.models.spec.Flatten;
import io.repflow.models.spec.GlobalAvgPool;
import io.repflow.models.spec.LateFusion;
import io.repflow.models.spec.Layer;
import io.repflow.models.spec.LayerVisitor;
import io.repflow.models.spec.Linear;
import io.repflow.models.spec.MaxPool;
import io.repflow.models.spec.Relu;
import io.repflow.models.spec.RepFlow;
import io.repflow.models.spec.Residual;
import io.repflow.models.spec.Sequential;
import io.repflow.models.spec.Size3;
import io.repflow.models.spec.TemporalMean;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A {@link io.repflow.models.spec.ModelSpec} turned into DJL operations: one {@link Op} per layer,
 * reading its parameters by their spec names from an {@link Env}. The rep-flow blocks are the
 * module's own DJL blocks ({@link DjlRepFlowBlock}, {@link DjlFlowConvFlow}) whose parameters are
 * bound to the spec names.
 */
final class DjlSpecGraph {

    private DjlSpecGraph() {}

    /** One layer applied to a clip batch. */
    @FunctionalInterface
    interface Op {
        NDArray apply(NDArray x, Env env);
    }

    /** Where a call's ops read parameters and decide train-mode behaviour. */
    interface Env {
        /** The array standing for the spec parameter or buffer {@code name} in this call. */
        NDArray get(String name);

        boolean training();

        /** Dropout masks of this call. */
        Random dropout();
    }

    /** A DJL block of a rep-flow layer and the spec name of each of its parameters. */
    record FlowBlockBinding(AbstractBlock block, Map<Parameter, String> names) {}

    /** Compiles {@code network}; every rep-flow block is created, initialised in {@code manager} and added to {@code blocks}. */
    static Op compile(Layer network, NDManager manager, List<FlowBlockBinding> blocks) {
        return network.accept(new Compiler("", manager, blocks));
    }

    private static Shape shape3(Size3 s) {
        return new Shape(s.t(), s.h(), s.w());
    }

    private record Compiler(String prefix, NDManager manager, List<FlowBlockBinding> blocks)
            implements LayerVisitor<Op> {

        private String path(String name) {
            return prefix.isEmpty() ? name : (name.isEmpty() ? prefix : prefix + "." + name);
        }

        private Compiler under(String name) {
            return new Compiler(path(name), manager, blocks);
        }

        @Override
        public Op visit(Conv2d c) {
            String p = path(c.name());
            Shape stride = new Shape(1, c.stride(), c.stride());
            Shape padding = new Shape(0, c.padding(), c.padding());
            boolean bias = c.bias();
            return (x, env) -> {
                NDArray w = env.get(p + ".weight");
                Shape s = w.getShape();
                NDArray w3 = w.reshape(s.get(0), s.get(1), 1, s.get(2), s.get(3));
                return Conv3d.conv3d(x, w3, bias ? env.get(p + ".bias") : null, stride, padding, new Shape(1, 1, 1), 1)
                        .singletonOrThrow();
            };
        }

        @Override
        public Op visit(io.repflow.models.spec.Conv3d c) {
            String p = path(c.name());
            Shape stride = shape3(c.stride());
            Shape padding = shape3(c.padding());
            boolean bias = c.bias();
            return (x, env) -> Conv3d.conv3d(
                            x,
                            env.get(p + ".weight"),
                            bias ? env.get(p + ".bias") : null,
                            stride,
                            padding,
                            new Shape(1, 1, 1),
                            1)
                    .singletonOrThrow();
        }

        @Override
        public Op visit(io.repflow.models.spec.BatchNorm b) {
            String p = path(b.name());
            float momentum = (float) (1.0 - b.config().momentum());
            float eps = (float) b.config().eps();
            return (x, env) -> BatchNorm.batchNorm(
                            x,
                            env.get(p + ".running_mean"),
                            env.get(p + ".running_var"),
                            env.get(p + ".weight"),
                            env.get(p + ".bias"),
                            1,
                            momentum,
                            eps,
                            env.training())
                    .singletonOrThrow();
        }

        @Override
        public Op visit(Relu layer) {
            return (x, env) -> Activation.relu(x);
        }

        @Override
        public Op visit(MaxPool m) {
            Shape k = shape3(m.kernel());
            Shape s = shape3(m.stride());
            Shape p = shape3(m.padding());
            return (x, env) -> Pool.maxPool3d(x, k, s, p, false);
        }

        @Override
        public Op visit(AvgPool a) {
            Shape k = shape3(a.kernel());
            Shape s = shape3(a.stride());
            return (x, env) -> Pool.avgPool3d(x, k, s, new Shape(0, 0, 0), false, true);
        }

        @Override
        public Op visit(GlobalAvgPool layer) {
            // DJL's PyTorch engine reduces one axis per call
            return (x, env) -> x.mean(new int[] {4}, true).mean(new int[] {3}, true);
        }

        @Override
        public Op visit(TemporalMean layer) {
            return (x, env) -> x.mean(new int[] {2}, true);
        }

        @Override
        public Op visit(Linear l) {
            String p = path(l.name());
            // y = W x + b on the channel axis at every (t, h, w)
            return (x, env) -> x.transpose(0, 2, 3, 4, 1)
                    .matMul(env.get(p + ".weight").transpose())
                    .add(env.get(p + ".bias"))
                    .transpose(0, 4, 1, 2, 3);
        }

        @Override
        public Op visit(Dropout d) {
            double keep = 1.0 - d.p();
            return (x, env) -> {
                if (!env.training() || d.p() == 0) {
                    return x;
                }
                // inverted dropout with masks drawn on the host from the call's seeded generator
                float[] mask = new float[Math.toIntExact(x.size())];
                Random r = env.dropout();
                float scale = (float) (1.0 / keep);
                for (int i = 0; i < mask.length; i++) {
                    mask[i] = r.nextDouble() < keep ? scale : 0f;
                }
                return x.mul(DjlOwnedArrays.copyOf(x.getManager(), mask, x.getShape())
                        .toType(x.getDataType(), false));
            };
        }

        @Override
        public Op visit(Flatten layer) {
            return (x, env) -> x.reshape(x.getShape().get(0), x.getShape().get(1));
        }

        @Override
        public Op visit(Sequential s) {
            Compiler inner = under(s.name());
            List<Op> ops = new ArrayList<>();
            for (Layer l : s.layers()) {
                ops.add(l.accept(inner));
            }
            return chain(ops);
        }

        @Override
        public Op visit(Residual r) {
            Compiler inner = under(r.name());
            List<Op> body = new ArrayList<>();
            for (Layer l : r.body()) {
                body.add(l.accept(inner));
            }
            Compiler shortcutCompiler = inner.under(Residual.SHORTCUT);
            List<Op> shortcut = new ArrayList<>();
            for (Layer l : r.shortcut()) {
                shortcut.add(l.accept(shortcutCompiler));
            }
            Op b = chain(body);
            Op s = chain(shortcut);
            return (x, env) -> Activation.relu(b.apply(x, env).add(s.apply(x, env)));
        }

        @Override
        public Op visit(RepFlow f) {
            String p = path(f.name());
            AbstractBlock block;
            Map<String, Parameter> named;
            if (f.block() instanceof RepFlowBlockConfig r) {
                DjlRepFlowBlock b = new DjlRepFlowBlock(r);
                block = b;
                named = b.namedParameters();
            } else {
                DjlFlowConvFlow b = new DjlFlowConvFlow((FlowConvFlowConfig) f.block());
                block = b;
                named = b.namedParameters();
            }
            block.initialize(
                    manager,
                    DataType.FLOAT32,
                    new Shape(1, f.block().inChannels(), f.block().framesDropped() + 1, 2, 2));
            Map<Parameter, String> names = new IdentityHashMap<>();
            named.forEach((key, parameter) -> names.put(parameter, p + "." + key));
            blocks.add(new FlowBlockBinding(block, names));
            return (x, env) -> block.forward(new EnvStore(env, names), new NDList(x), env.training())
                    .singletonOrThrow();
        }

        @Override
        public Op visit(LateFusion l) {
            Op rgb = l.rgb().accept(this);
            Op flow = l.flow().accept(this);
            return (x, env) -> rgb.apply(x, env).add(flow.apply(x, env)).mul(DjlOwnedArrays.scalar(x, 0.5));
        }

        private static Op chain(List<Op> ops) {
            return (x, env) -> {
                NDArray y = x;
                for (Op op : ops) {
                    y = op.apply(y, env);
                }
                return y;
            };
        }
    }

    /** Hands a flow block the arrays of the current call for its parameters. */
    private static final class EnvStore extends ParameterStore {
        private final Env env;
        private final Map<Parameter, String> names;

        EnvStore(Env env, Map<Parameter, String> names) {
            this.env = env;
            this.names = names;
        }

        @Override
        public NDArray getValue(Parameter parameter, ai.djl.Device device, boolean training) {
            return env.get(names.get(parameter));
        }
    }
}
